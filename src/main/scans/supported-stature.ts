/**
 * The statures the body model covers. The survey it is built from (ANSUR II) measured adults of
 * about 141 to 199 cm; a little beyond that the model still extrapolates sensibly, a child or a
 * very tall customer it turns into a wrong adult-sized body. A typed height outside the range is
 * refused before anything is stored: no figure is better than a wrong one.
 */
export const supportedStatureCm = { min: 145, max: 205 } as const;

/** Why a typed height is refused, for the customer and staff; null when the model covers it. */
export function statureOutOfRange(heightCm: number): string | null {
  if (heightCm >= supportedStatureCm.min && heightCm <= supportedStatureCm.max) return null;
  const side = heightCm < supportedStatureCm.min ? 'shorter' : 'taller';
  return (
    `A height of ${heightCm} cm is ${side} than the body model covers (${supportedStatureCm.min} to ${supportedStatureCm.max} ` +
    `cm, adults): ` +
    'the kiosk cannot measure this customer reliably; check the height typed, or take the measurements by hand'
  );
}
