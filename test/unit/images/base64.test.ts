import { describe, expect, it } from 'vitest';
import { decodeBase64Image } from '../../../src/main/images/base64.js';
import { ImageRejectedError } from '../../../src/main/images/errors.js';

const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xfe, 0xfb]);

function rejection(text: string): ImageRejectedError {
  try {
    decodeBase64Image(text);
  } catch (error) {
    if (error instanceof ImageRejectedError) return error;
    throw error;
  }
  throw new Error(`accepted ${text}`);
}

describe('decodeBase64Image', () => {
  it('decodes plain, padded and unpadded, URL-safe and line-wrapped base64 to the same bytes', () => {
    const standard = bytes.toString('base64');
    expect(decodeBase64Image(standard).bytes.equals(bytes)).toBe(true);
    expect(decodeBase64Image(standard.replace(/=+$/, '')).bytes.equals(bytes)).toBe(true);
    expect(decodeBase64Image(bytes.toString('base64url')).bytes.equals(bytes)).toBe(true);
    expect(decodeBase64Image(`${standard.slice(0, 8)}\r\n${standard.slice(8)}\n`).bytes.equals(bytes)).toBe(true);
  });

  it('strips a data: URL prefix and reports the declared type', () => {
    const decoded = decodeBase64Image(`data:image/jpeg;base64,${bytes.toString('base64')}`);
    expect(decoded.bytes.equals(bytes)).toBe(true);
    expect(decoded.declaredType).toBe('image/jpeg');
    expect(decodeBase64Image(`data:;base64,${bytes.toString('base64')}`).declaredType).toBeNull();
    expect(decodeBase64Image(`data:image/png;name=a.png;base64,${bytes.toString('base64')}`).bytes.equals(bytes)).toBe(true);
  });

  it('refuses characters outside the alphabet instead of skipping them as Buffer.from does', () => {
    expect(Buffer.from('ab!cd', 'base64').length).toBeGreaterThan(0); // what Node would silently do
    for (const text of ['ab!cd', 'hello world?', '€€€€', 'AAAA====', 'A', 'AB=C', 'AA+_']) {
      const error = rejection(text);
      expect(error.code, text).toBe('invalid_base64');
      expect(error.message).toContain('not valid base64');
    }
  });

  it('refuses a data: URL that is not base64 and an empty payload', () => {
    expect(rejection('data:image/png,rawbytes').message).toContain('without ;base64');
    expect(rejection('data:image/png;base64,').code).toBe('image_empty');
    expect(rejection('   ').code).toBe('image_empty');
  });

  it('names the field in its messages', () => {
    try {
      decodeBase64Image('***', 'side_image');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.startsWith('side_image is not valid base64')).toBe(true);
    }
  });
});
