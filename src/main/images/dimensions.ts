import type { AcceptedFormat } from './format.js';

// Hand-written: image-size 2.x reads past the end of a Buffer slice (its DataView ignores the
// slice's length), and sharp's metadata() needs more than a header and would run libvips on
// untrusted bytes before the size limits are checked.

/**
 * Pixel dimensions read from an image's header only: no pixel data is decoded, so a tiny file
 * that claims 30000×30000 pixels costs microseconds to refuse. Returns null when the header is
 * missing or malformed (the caller reports the image as corrupt).
 */
export interface ImageDimensions {
  width: number;
  height: number;
}

export function readImageDimensions(bytes: Uint8Array, format: AcceptedFormat): ImageDimensions | null {
  switch (format) {
    case 'png':
      return readPng(bytes);
    case 'jpeg':
      return readJpeg(bytes);
    case 'webp':
      return readWebp(bytes);
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function positive(width: number, height: number): ImageDimensions | null {
  return width > 0 && height > 0 ? { width, height } : null;
}

/** PNG: the first chunk is IHDR (length 13): width and height as big-endian uint32. */
function readPng(bytes: Uint8Array): ImageDimensions | null {
  if (bytes.length < 8 + 8 + 13) return null;
  const data = view(bytes);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (type !== 'IHDR' || data.getUint32(8) !== 13) return null;
  return positive(data.getUint32(16), data.getUint32(20));
}

/** JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG: walk the marker segments up to the first SOFn, whose payload holds height then width. */
function readJpeg(bytes: Uint8Array): ImageDimensions | null {
  const data = view(bytes);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    let marker = bytes[offset + 1]!;
    // Fill bytes: any number of 0xFF before the marker code.
    while (marker === 0xff && offset + 2 < bytes.length) {
      offset += 1;
      marker = bytes[offset + 1]!;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // standalone markers carry no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    if (offset + 4 > bytes.length) return null;
    const length = data.getUint16(offset + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length || length < 7) return null;
      return positive(data.getUint16(offset + 7), data.getUint16(offset + 5));
    }
    offset += 2 + length;
  }
  return null;
}

/** WebP: RIFF container, first chunk VP8 (lossy), VP8L (lossless) or VP8X (extended, canvas size). */
function readWebp(bytes: Uint8Array): ImageDimensions | null {
  if (bytes.length < 30) return null;
  const data = view(bytes);
  const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  switch (chunk) {
    case 'VP8 ': {
      // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (2 bits of scale each).
      if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
      return positive(data.getUint16(26, true) & 0x3fff, data.getUint16(28, true) & 0x3fff);
    }
    case 'VP8L': {
      if (bytes[20] !== 0x2f) return null;
      const bits = data.getUint32(21, true);
      return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    case 'VP8X': {
      const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
      const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
      return positive(width, height);
    }
    default:
      return null;
  }
}
