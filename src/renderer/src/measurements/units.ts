/** Length units the kiosk can show; the API always answers centimetres. */
export const lengthUnits = ['cm', 'in'] as const;
export type LengthUnit = (typeof lengthUnits)[number];

export const centimetresPerInch = 2.54;

export function cmToInches(valueCm: number): number {
  return valueCm / centimetresPerInch;
}

export function inchesToCm(valueIn: number): number {
  return valueIn * centimetresPerInch;
}

/** A length in the chosen unit, one decimal, in the locale's number format: `92.4 cm`, `36.4 in`. */
export function formatLength(valueCm: number, unit: LengthUnit, locale: string): string {
  const value = unit === 'cm' ? valueCm : cmToInches(valueCm);
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  return `${number} ${unit}`;
}
