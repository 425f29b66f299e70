// Not @koa/bodyparser: it lets a typeless, text/plain or empty body through as {} and inflates gzip, where the API answers 415 or 400.
import { describeBytes } from '../../images/byte-size.js';
import type { AppContext } from '../context.js';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';

/**
 * Reads the request body as JSON, refusing it (413) as soon as it is known to exceed `limitBytes`:
 * from Content-Length before a byte is read, or while streaming a chunked body. The connection is
 * closed after a 413 so the rest of an oversized upload is not read.
 */
export async function readJsonBody(ctx: AppContext, limitBytes: number): Promise<unknown> {
  const tooLarge = (): PayloadTooLargeError => {
    ctx.set('Connection', 'close');
    return new PayloadTooLargeError(`Request body is too large; the limit is ${describeBytes(limitBytes)}`);
  };
  const encoding = ctx.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new UnsupportedMediaTypeError(`Content-Encoding ${encoding} is not supported; send the JSON body uncompressed`);
  }
  // Only JSON types: text/plain, forms and a missing type are what a web page of another site can
  // send without a CORS preflight.
  const type = ctx.get('content-type');
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type ${type ? type.slice(0, 100) : '(none)'} is not supported; send application/json`);
  }
  const declared = ctx.get('content-length');
  if (declared && Number(declared) > limitBytes) throw tooLarge();

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) {
      ctx.req.pause();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  if (received === 0) throw new ValidationError('Request body is empty; send a JSON object', 'invalid_json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks, received).toString('utf8'));
  } catch (error) {
    throw new ValidationError(`Request body is not valid JSON: ${(error as Error).message}`, 'invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('Request body must be a JSON object', 'invalid_json');
  }
  return parsed;
}
