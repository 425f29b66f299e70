import aruco from 'js-aruco2';

/**
 * The printed floor marker of calibration method 2 (docs/calibration.md): one ArUco marker of
 * the ARUCO_MIP_36h12 dictionary, a black square of 8 × 8 cells (a black border round 6 × 6
 * bits) on white. That dictionary's codes lie at least 12 bits apart, so a floor's tiles, mats
 * and shadows are not taken for it, and only its one id is accepted.
 */
export const floorMarkerDictionary = 'ARUCO_MIP_36h12';
export const floorMarkerId = 0;
/** Cells along a side: the 6 bits and the black border round them. */
export const floorMarkerCells = 8;

/** Marker sizes (cm, the black square's side) the API and the CLI accept: an A4 sheet's to a poster's. */
export const markerSizeRangeCm = [10, 100] as const;

/** The marker's cells row by row from the top as printed: true is black. */
export function floorMarkerPattern(): boolean[][] {
  const dictionary = new aruco.AR.Dictionary(floorMarkerDictionary);
  const bits = dictionary.codeList[floorMarkerId]!;
  const inner = Math.sqrt(dictionary.nBits);
  return Array.from({ length: floorMarkerCells }, (_, row) =>
    Array.from({ length: floorMarkerCells }, (_, column) => {
      const border = row === 0 || column === 0 || row === floorMarkerCells - 1 || column === floorMarkerCells - 1;
      return border || bits[(row - 1) * inner + (column - 1)] === '0';
    }),
  );
}
