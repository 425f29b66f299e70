/** Sizes of the frames sent to the API: small for the live checks, full for the scan itself. */
export const liveCheckMaxSidePx = 640;
export const photoMaxSidePx = 1920;
const jpegQuality = 0.9;

/**
 * The video's current frame as a JPEG data URL (the API takes base64 with a data: prefix), scaled
 * down so its longer side is at most `maxSidePx`; null before the first frame has arrived.
 */
export function grabFrame(video: HTMLVideoElement, maxSidePx: number): string | null {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) return null;
  const scale = Math.min(1, maxSidePx / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', jpegQuality);
}
