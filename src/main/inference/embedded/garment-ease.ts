import type { ClothingClass } from '../../scans/capture-conditions.js';

/**
 * What the person mask outlines is the clothes, not the skin. Each clothing class assumes how far
 * the garment stands off the skin at the outline of the torso and legs (its thickness plus the ease
 * a garment of that cut hangs with), and how much that varies between garments of the class. The
 * fit moves every torso and leg outline point of the mask inwards by `easeCm`, and every girth's
 * confidence includes `girthSdCm` (docs/embedded-pipeline.md lists the classes). The values are
 * garment makers' usual ease per cut, checked on the dev seed of `npm run eval:embedded`, where
 * half of each left chest, waist and hip 3–7 cm too large and two and a half times each too small.
 */

export interface GarmentEase {
  /** Garment off the skin at an outline point, perpendicular to the outline (cm). */
  easeCm: number;
  /** Its SD between garments of the class, as a girth's SD (cm). */
  girthSdCm: number;
}

export const garmentEase: Record<ClothingClass, GarmentEase> = {
  /** Sportswear, leggings, a fitted T-shirt: fabric and a little ease (a girth ~2.5 cm over the skin). */
  tight: { easeCm: 0.4, girthSdCm: 1 },
  /** A shirt or blouse and trousers or jeans of an ordinary cut: ~10 cm of ease in a girth. */
  regular: { easeCm: 1.6, girthSdCm: 2.5 },
  /** Loose knitwear, a hoodie, wide trousers, a dress or skirt that stands off the hips: ~25 cm of ease. */
  loose: { easeCm: 4, girthSdCm: 5 },
};
