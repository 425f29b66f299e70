import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  sizeBytes: number;
  sha256: string;
  md5Base64: string;
}

/**
 * Size, SHA-256 and MD5 of a file, read as a stream (the event loop stays free; memory stays one
 * chunk). Null when the file is not there.
 */
export async function digestFile(path: string): Promise<FileDigest | null> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      sha256.update(chunk);
      md5.update(chunk);
      sizeBytes += chunk.byteLength;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { sizeBytes, sha256: sha256.digest('hex'), md5Base64: md5.digest('base64') };
}
