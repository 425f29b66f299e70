/** The synchronous face check of POST /api/v1/avatar. Runs off the main event loop. */
export interface FaceBox {
  /** Pixels in the original image. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface FaceDetection {
  faces: FaceBox[];
  imageWidth: number;
  imageHeight: number;
  durationMs: number;
}

export interface FaceDetector {
  /** Resolves when models are loaded and warmed up. */
  ready(): Promise<void>;
  isReady(): boolean;
  /** Detect faces in an encoded JPEG/PNG/WebP image. */
  detect(imageBytes: Uint8Array): Promise<FaceDetection>;
  close(): Promise<void>;
}
