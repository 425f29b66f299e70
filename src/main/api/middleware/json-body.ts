// Not @koa/bodyparser: it lets a typeless, text/plain or empty body through as {} and inflates gzip, where the API answers 415 or 400.
import { describeBytes } from '../../images/byte-size.js';
import type { AppContext } from '../context.js';
import { PayloadTooLargeError, ServiceUnavailableError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';
import { jsonShapeExcess } from './json-shape.js';

/** The limit for bodies of a few fields (a PIN, a setting): nothing near the photos' 40 MiB. */
export const fieldsBodyBytes = 16 * 1024;

/** Bodies that small are read whatever the budget holds: a PIN or a chart's settings never wait behind photos. */
const budgetFreeBytes = 64 * 1024;

/**
 * Reads the request body as JSON, refusing it (413) as soon as it is known to exceed `limitBytes`:
 * from Content-Length before a byte is read, or while streaming a chunked body. The connection is
 * closed after a 413 so the rest of an oversized upload is not read. The bytes held count against
 * the service's body budget (`ctx.state.bodyBudget`) until the answer is sent: a body the budget
 * cannot take answers 503 `server_busy`. A body with more structure than any request needs answers
 * 400 `json_too_complex` before JSON.parse builds it (json-shape.ts).
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

  const budget = ctx.state.bodyBudget;
  let received = 0;
  let heldBeyondFree = 0;
  /** Takes from the budget what `received` holds beyond the free allowance and was not taken yet. */
  const takeReceived = (): void => {
    const more = Math.max(0, received - budgetFreeBytes) - heldBeyondFree;
    if (!budget || more <= 0) return;
    if (!budget.tryTake(more)) {
      ctx.req.pause();
      ctx.set('Connection', 'close');
      throw new ServiceUnavailableError('server_busy', 'The kiosk is receiving other large requests; send this one again shortly', 2);
    }
    heldBeyondFree += more;
  };
  // Given back when the answer has gone (or the connection dropped), not when parsing ends: the
  // parsed photos live as long as the request.
  if (budget) ctx.res.once('close', () => budget.give(heldBeyondFree));

  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) {
      ctx.req.pause();
      throw tooLarge();
    }
    takeReceived();
    chunks.push(chunk);
  }
  if (received === 0) throw new ValidationError('Request body is empty; send a JSON object', 'invalid_json');
  const bytes = Buffer.concat(chunks, received);
  const excess = jsonShapeExcess(bytes);
  if (excess) throw new ValidationError(`Request body is refused unparsed: ${excess}`, 'json_too_complex');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ValidationError(`Request body is not valid JSON: ${(error as Error).message}`, 'invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('Request body must be a JSON object', 'invalid_json');
  }
  return parsed;
}
