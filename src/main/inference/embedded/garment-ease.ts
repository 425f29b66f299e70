import type { ClothingClass } from '../../scans/capture-conditions.js';

/**
 * What the person mask outlines is the clothes, not the skin. Each clothing class assumes how far
 * the garment stands off the skin at the outline of the torso and of the legs (its thickness plus
 * the ease a garment of that cut hangs with), how much that varies between garments of the class,
 * and which part of the body it hides altogether. The fit moves every torso and leg outline point
 * of the mask inwards by the ease, leaves out the rows a garment hides, and every girth's
 * confidence includes `girthSdCm` (docs/embedded-pipeline.md lists the classes). The values start
 * from garment makers' usual ease per cut and were chosen per class and photo on the dev seed of
 * `npm run eval:embedded` (docs/embedded-pipeline.md says how).
 */

export interface GarmentEase {
  /** Garment off the skin at a torso outline point of the front photo, perpendicular to the outline (cm). */
  easeCm: number;
  /**
   * The same in the profile photo (cm). A top hangs off the chest (the bust) in front and off the
   * shoulder blades at the back, so below them it stands further off the body than at the sides.
   */
  sideEaseCm: number;
  /** The same at a leg outline point (cm): trousers, or bare legs and tights under a skirt. */
  legEaseCm: number;
  /**
   * What the class leaves open of a torso or leg girth, as an SD (cm): tight and regular as garment
   * makers' spread of ease per cut; loose and dress chosen on the dev seed so that each class's
   * scans hold about 68% of their girths' errors within ±1 SD (docs/embedded-pipeline.md).
   */
  girthSdCm: number;
  /**
   * `waist_to_knee`: a skirt hides the body from below the waist to the hem (at the knee or below);
   * the mask there is the skirt's flare, so nothing is read from it, and what lies there is regressed.
   * The waist itself is read: a bodice or a waistband sits on it.
   */
  hides: 'waist_to_knee' | null;
  /**
   * Girths the photos' outline is not read for beyond the fit (local-girth.ts): a loose top hangs
   * from the chest and bridges the waist's hollow, so the outline there is the garment's drape.
   */
  drapes: ReadonlyArray<'waist'>;
}

export const garmentEase: Record<ClothingClass, GarmentEase> = {
  /** Sportswear, leggings, a fitted T-shirt: fabric and a little ease (a girth ~2.5 cm over the skin). */
  tight: { easeCm: 0.4, sideEaseCm: 0.4, legEaseCm: 0.4, girthSdCm: 1, hides: null, drapes: [] },
  /** A shirt or blouse and trousers or jeans of an ordinary cut: ~10 cm of ease in a girth. */
  regular: { easeCm: 1.6, sideEaseCm: 2.8, legEaseCm: 1.6, girthSdCm: 2.5, hides: null, drapes: [] },
  /** Loose knitwear, a hoodie, wide trousers: ~15 cm of ease in a girth at the sides, hanging far off the chest in profile. */
  loose: { easeCm: 2.5, sideEaseCm: 6, legEaseCm: 2.5, girthSdCm: 3.7, hides: null, drapes: ['waist'] },
  /**
   * A dress or a skirt (with a top): the bodice hangs like a regular top and sits on the waist; the
   * skirt hides the hips and thighs; below the hem the legs are bare or in tights.
   */
  dress: { easeCm: 1.4, sideEaseCm: 2.6, legEaseCm: 0.1, girthSdCm: 3.5, hides: 'waist_to_knee', drapes: [] },
};

/**
 * When staff leave the class out and the front photo shows no bare skin, the scan takes `regular`
 * (clothing-from-photo.ts), but the customer may wear any of the four classes, and each moves the
 * girths its own way: scanned as `regular`, tight clothes read small and loose ones large by
 * several centimetres. Such a scan's girths that a garment's ease reaches include this SD (cm): the
 * spread of their error between the classes, taken as equally likely. Each value is the root mean
 * square, over tight, regular, loose and dress, of the class's mean error when scanned as `regular`
 * (dev seed, `npm run eval:embedded -- --seed dev --subjects 40 --default-clothing 40`, the scans
 * with a typed height, with and without a side photo, pooled), for the trunk's girths and the legs'.
 */
export const openClassGirthSdCm = { trunk: 6.6, legs: 3.5 } as const;
