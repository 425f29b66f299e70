/** Image formats recognised by their first bytes ("magic numbers"), never by a name or a declared type. */

export const acceptedFormats = ['jpeg', 'png', 'webp'] as const;
export type AcceptedFormat = (typeof acceptedFormats)[number];

export interface FormatInfo {
  /** Accepted formats use their short name; others a human-readable one (named in the error). */
  format: AcceptedFormat | null;
  name: string;
  /** File extension the upload store uses. */
  extension: string | null;
  contentType: string | null;
}

const accepted: Record<AcceptedFormat, FormatInfo> = {
  jpeg: { format: 'jpeg', name: 'JPEG', extension: 'jpg', contentType: 'image/jpeg' },
  png: { format: 'png', name: 'PNG', extension: 'png', contentType: 'image/png' },
  webp: { format: 'webp', name: 'WebP', extension: 'webp', contentType: 'image/webp' },
};

function other(name: string): FormatInfo {
  return { format: null, name, extension: null, contentType: null };
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, index) => bytes[offset + index] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
}

const isoBrands: Record<string, string> = {
  heic: 'HEIC',
  heix: 'HEIC',
  hevc: 'HEIC',
  heim: 'HEIC',
  heis: 'HEIC',
  mif1: 'HEIF',
  msf1: 'HEIF',
  avif: 'AVIF',
  avis: 'AVIF',
  isom: 'MP4 video',
  mp41: 'MP4 video',
  mp42: 'MP4 video',
  qt: 'QuickTime video',
};

/** Names the format of `bytes`; `format` is set only for JPEG, PNG and WebP. */
export function sniffImageFormat(bytes: Uint8Array): FormatInfo {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return accepted.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accepted.png;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return accepted.webp;

  const head4 = ascii(bytes, 0, 4);
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return other('GIF');
  if (ascii(bytes, 0, 5) === '%PDF-') return other('PDF');
  if (head4 === 'II*\0' || head4 === 'MM\0*') return other('TIFF');
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 14) return other('BMP');
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return other('ICO');
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return other('JPEG XL');
  if (ascii(bytes, 4, 8) === 'ftyp') return other(isoBrands[ascii(bytes, 8, 12).trim()] ?? 'ISO media (HEIF/MP4 family)');
  if (head4 === 'RIFF') return other(`RIFF/${ascii(bytes, 8, 12).trim() || 'unknown'}`);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return other('ZIP archive');
  if (startsWith(bytes, [0x1f, 0x8b])) return other('gzip archive');
  if (ascii(bytes, 0, 4) === '8BPS') return other('Photoshop (PSD)');

  // Text formats: look at the start after a BOM and whitespace, case-insensitively.
  const text = ascii(bytes, 0, 1024)
    .replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '')
    .trimStart()
    .toLowerCase();
  const markup = skipMarkupPrologue(text);
  if (markup.startsWith('<svg') && isTagEnd(markup, 4)) return other('SVG');
  if (text.startsWith('<?xml') && text.includes('<svg')) return other('SVG');
  if (
    markup.startsWith('<!doctype html') ||
    ['<html', '<head', '<body'].some((tag) => markup.startsWith(tag) && isTagEnd(markup, tag.length))
  ) {
    return other('HTML');
  }
  if (text.startsWith('<?xml')) return other('XML');
  if (text.startsWith('{') || text.startsWith('[')) return other('JSON text');
  return other('unrecognised data');
}

function isTagEnd(text: string, index: number): boolean {
  const next = text.charAt(index);
  return next === '>' || (next !== '' && next.trim() === '');
}

/**
 * Skips an XML declaration, comments and an SVG doctype at the start of markup, with one forward
 * scan: a regular expression with a repeated comment group backtracks exponentially on crafted input.
 */
function skipMarkupPrologue(text: string): string {
  let rest = text;
  if (rest.startsWith('<?xml')) rest = afterToken(rest, '>');
  for (;;) {
    if (rest.startsWith('<!--')) rest = afterToken(rest.slice(4), '-->');
    else if (rest.startsWith('<!doctype svg')) rest = afterToken(rest, '>');
    else return rest;
  }
}

function afterToken(text: string, token: string): string {
  const end = text.indexOf(token);
  return end < 0 ? '' : text.slice(end + token.length).trimStart();
}

export function describeAccepted(): string {
  return 'JPEG, PNG or WebP';
}
