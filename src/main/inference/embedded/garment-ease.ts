import type { ClothingClass } from '../../scans/capture-conditions.js';

/**
 * What the person mask outlines is the clothes, not the skin. Each clothing class assumes how far
 * the garment stands off the skin at the outline of the torso and legs (its thickness plus the ease
 * a garment of that cut hangs with), and how much that varies between garments of the class. The
 * fit moves every torso and leg outline point of the mask inwards by `easeCm`, and every girth's
 * confidence includes `sdCm` (docs/body-model.md lists the classes).
 */

export interface GarmentEase {
  /** Garment off the skin at an outline point, perpendicular to the outline (cm). */
  easeCm: number;
  /** Its SD between garments of the class, as a girth's SD (cm). */
  girthSdCm: number;
}

export const garmentEase: Record<ClothingClass, GarmentEase> = {
  /** Sportswear, leggings, a fitted T-shirt: a few millimetres of fabric on the skin. */
  tight: { easeCm: 0.2, girthSdCm: 0.8 },
  /** A shirt or blouse and trousers or jeans of an ordinary cut. */
  regular: { easeCm: 0.8, girthSdCm: 2 },
  /** Loose knitwear, a hoodie, wide trousers, a dress or skirt that stands off the hips. */
  loose: { easeCm: 2, girthSdCm: 4 },
};
