import { ImageRejectedError } from './errors.js';

/** `data:image/png;base64,` and friends; the media type is informative only (the bytes decide). */
const dataUrlPrefix = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?((?:;[a-z0-9-]+=[^;,]*)*)(;base64)?,/i;
const standardAlphabet = /^[A-Za-z0-9+/]*={0,2}$/;
const urlSafeAlphabet = /^[A-Za-z0-9_-]*={0,2}$/;
const whitespace = /\s/;

export interface DecodedBase64 {
  bytes: Buffer;
  /** The media type a `data:` prefix declared, if any. */
  declaredType: string | null;
}

/**
 * Decodes a base64 image as sent in the JSON body: plain base64 (standard or URL-safe alphabet,
 * padded or not, line breaks allowed) or a `data:…;base64,` URL. Node's decoder silently skips
 * characters outside the alphabet, so the text is checked first: garbage is refused, not decoded
 * into garbage bytes.
 */
export function decodeBase64Image(text: string, field = 'image'): DecodedBase64 {
  let payload = text;
  let declaredType: string | null = null;
  if (payload.startsWith('data:')) {
    const match = dataUrlPrefix.exec(payload.slice(0, 256));
    if (!match) {
      const message = `${field} has a malformed data: URL prefix; send base64 or data:image/jpeg;base64,…`;
      throw new ImageRejectedError('invalid_base64', message);
    }
    if (!match[3]) throw new ImageRejectedError('invalid_base64', `${field} is a data: URL without ;base64; send the image base64-encoded`);
    declaredType = match[1]?.toLowerCase() ?? null;
    payload = payload.slice(match[0].length);
  }
  if (whitespace.test(payload)) payload = payload.replace(/\s+/g, '');
  if (payload.length === 0) throw new ImageRejectedError('image_empty', `${field} is empty`);
  const alphabetOk = standardAlphabet.test(payload) || urlSafeAlphabet.test(payload);
  // Unpadded base64 never leaves a single character in the last group.
  if (!alphabetOk || payload.length % 4 === 1 || (payload.includes('=') && payload.length % 4 !== 0)) {
    throw new ImageRejectedError(
      'invalid_base64',
      `${field} is not valid base64 (expected the characters A-Z a-z 0-9 + / with = padding, optionally after a ` +
        `data:image/…;base64, prefix)`,
    );
  }
  const bytes = Buffer.from(payload, payload.includes('-') || payload.includes('_') ? 'base64url' : 'base64');
  if (bytes.length === 0) throw new ImageRejectedError('image_empty', `${field} is empty`);
  return { bytes, declaredType };
}
