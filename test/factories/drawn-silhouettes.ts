import { personSilhouette, type PersonSilhouette } from '../../src/main/inference/capture-checks/person-silhouette.js';

/** A rectangle of person pixels, inclusive rows and columns. */
export interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A person mask drawn by hand from rectangles (mask pixels = photo pixels, scale 1), so that rows
 * read from it have answers known without running a model.
 */
export function silhouetteOf(rects: Rect[], size: { width: number; height: number }): PersonSilhouette {
  const mask = new Uint8Array(size.width * size.height);
  for (const rect of rects)
    for (let y = rect.top; y <= rect.bottom; y += 1) mask.fill(255, y * size.width + rect.left, y * size.width + rect.right + 1);
  const silhouette = personSilhouette({ mask, width: size.width, height: size.height, scale: 1 });
  if (!silhouette) throw new Error('empty test mask');
  return silhouette;
}
