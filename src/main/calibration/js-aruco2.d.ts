/** The part of js-aruco2 (CommonJS, untyped) the floor marker uses: its detector and its dictionaries. */
declare module 'js-aruco2' {
  interface ArucoPoint {
    x: number;
    y: number;
  }
  interface ArucoMarker {
    id: number;
    /** Corners in the order the marker was printed: top-left, top-right, bottom-right, bottom-left. */
    corners: ArucoPoint[];
    hammingDistance: number;
  }
  interface ArucoDetector {
    detect(image: { width: number; height: number; data: ArrayLike<number> }): ArucoMarker[];
    /** The photo in grey levels, as the last detect() made it. */
    grey: { width: number; height: number; data: ArrayLike<number> };
  }
  interface ArucoDictionary {
    /** One string of '0' and '1' per marker id, row by row; '1' is a white cell. */
    codeList: string[];
    nBits: number;
  }
  const aruco: {
    AR: {
      Detector: new (config: { dictionaryName: string; maxHammingDistance?: number }) => ArucoDetector;
      Dictionary: new (name: string) => ArucoDictionary;
    };
  };
  export default aruco;
}
