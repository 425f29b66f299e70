import { cmToInches, inchesToCm, type LengthUnit } from './units';

/** The statures the body model covers, cm: the API refuses a typed height outside them (422 height_out_of_range). */
export const heightLimitsCm = { min: 145, max: 205 } as const;

/** The accepted range in the unit the customer types, whole numbers inside the limits. */
export function heightLimitsIn(unit: LengthUnit): { min: number; max: number } {
  return unit === 'cm'
    ? heightLimitsCm
    : { min: Math.ceil(cmToInches(heightLimitsCm.min)), max: Math.floor(cmToInches(heightLimitsCm.max)) };
}

/** The accepted statures as a customer reads them in their unit: `145 cm` and `205 cm`, or `4'10"` and `6'8"`. */
export function heightRangeIn(unit: LengthUnit): { min: string; max: string } {
  const limits = heightLimitsIn(unit);
  const shown = (value: number) => (unit === 'cm' ? `${value} cm` : `${Math.floor(value / 12)}'${value % 12}"`);
  return { min: shown(limits.min), max: shown(limits.max) };
}

// Feet and inches as people write them: 5'9", 5’ 9”, 5 ft 9 in, 5ft9, 5' (the inches below 12).
const feetAndInches = /^(\d)\s*(?:'|’|′|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:"|”|″|''|’’|in\.?|inch|inches)?)?$/i;
// Metres where centimetres are asked for: 1,72 or 1.72 m (no adult is 1.72 cm tall).
const metres = /^(\d(?:[.,]\d{1,3})?)\s*m?$/i;
const plainNumber = /^\d+(?:[.,]\d+)?$/;

/**
 * A typed height in cm, from what the customer typed in their unit: null when empty, undefined
 * when it is not a height the kiosk accepts (unreadable, or outside the body model's statures).
 * Inches also take feet and inches (5'9"); centimetres also take metres (1,72 m).
 */
export function heightCmOfTyped(text: string, unit: LengthUnit): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const typed = unit === 'cm' ? centimetresOf(trimmed) : inchesOf(trimmed);
  if (typed === undefined) return undefined;
  // The limits are checked in the unit typed, as the message names them.
  const limits = heightLimitsIn(unit);
  if (typed < limits.min || typed > limits.max) return undefined;
  return Math.round((unit === 'cm' ? typed : inchesToCm(typed)) * 10) / 10;
}

function decimal(text: string): number {
  return Number(text.replace(',', '.'));
}

function centimetresOf(text: string): number | undefined {
  const inMetres = metres.exec(text);
  if (inMetres && (text.toLowerCase().endsWith('m') || decimal(inMetres[1]!) < 3)) return decimal(inMetres[1]!) * 100;
  return plainNumber.test(text) ? decimal(text) : undefined;
}

function inchesOf(text: string): number | undefined {
  const parts = feetAndInches.exec(text);
  if (parts) {
    const inches = parts[2] === undefined ? 0 : decimal(parts[2]);
    return inches < 12 ? Number(parts[1]) * 12 + inches : undefined;
  }
  return plainNumber.test(text) ? decimal(text) : undefined;
}
