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

/** A number in the locale's format, one decimal unless told: `92.4` in English, `92,4` in German. */
export function formatDecimal(
  value: number,
  locale: string,
  maximumFractionDigits = 1,
  minimumFractionDigits = maximumFractionDigits,
): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits }).format(value);
}

/** A length in the chosen unit, one decimal, in the locale's number format: `92.4 cm`, `36.4 in`. */
export function formatLength(valueCm: number, unit: LengthUnit, locale: string): string {
  return `${formatDecimal(unit === 'cm' ? valueCm : cmToInches(valueCm), locale)} ${unit}`;
}
