import aruco from 'js-aruco2';
import { floorMarkerDictionary, floorMarkerId } from './floor-marker.js';
import type { PhotoPoint } from './marker-pose.js';
import { refineMarkerCorners } from './refine-marker-corners.js';

/**
 * The floor marker in a photo: js-aruco2 finds square outlines and reads their cells; the one
 * carrying our id is kept and its corners are refined to a fraction of a pixel.
 */

/**
 * A read is accepted with fewer wrong bits than this (js-aruco2 counts strictly below). The
 * dictionary's codes are 12 bits apart, so up to 5 wrong bits still name one code; 3 leave room
 * for a cell blurred by a far, flat view while a patterned floor almost never comes so close.
 */
const maxWrongBits = 4;

export type FloorMarkerDetection =
  | { kind: 'none' }
  /** Found, but no clean straight edge on some side (cut off by the frame, folded, half in shadow). */
  | { kind: 'unclear'; roughCorners: PhotoPoint[] }
  | { kind: 'found'; corners: PhotoPoint[]; roughCorners: PhotoPoint[] };

const perimeter = (corners: readonly PhotoPoint[]): number =>
  corners.reduce((sum, corner, i) => sum + Math.hypot(corners[(i + 1) % 4]!.x - corner.x, corners[(i + 1) % 4]!.y - corner.y), 0);

/** `rgba`: the photo's pixels, 4 bytes each, row by row. */
export function detectFloorMarker(rgba: { width: number; height: number; data: Uint8Array }): FloorMarkerDetection {
  const detector = new aruco.AR.Detector({ dictionaryName: floorMarkerDictionary, maxHammingDistance: maxWrongBits });
  const ours = detector
    .detect(rgba)
    .filter((marker) => marker.id === floorMarkerId)
    .sort((a, b) => perimeter(b.corners) - perimeter(a.corners));
  const marker = ours[0];
  if (!marker) return { kind: 'none' };
  // The detector names pixels by their index; the pinhole measures from the photo's edge, a pixel's centre at index + ½.
  const roughCorners = marker.corners.map((corner) => ({ x: corner.x + 0.5, y: corner.y + 0.5 }));
  const corners = refineMarkerCorners(detector.grey, roughCorners);
  return corners ? { kind: 'found', corners, roughCorners } : { kind: 'unclear', roughCorners };
}
