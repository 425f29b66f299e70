// Hand-written: JSON.parse has no depth or size limits, and the guard must run before it, in one linear pass.
/**
 * How much structure a request body may hold before it is parsed. The API's bodies are a few
 * fields and at most a few dozen photos or a size chart's rows; a body of millions of empty objects
 * or arrays nested millions deep fits the byte limit too, and JSON.parse would build it on the main
 * thread for many seconds (40 MiB of `{}` took 15 s here) while every other request waited.
 */
export const jsonShapeLimits = { maxDepth: 64, maxValues: 100_000 } as const;

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const openBracket = 0x5b;
const closeBrace = 0x7d;
const closeBracket = 0x5d;
const comma = 0x2c;

/**
 * Why `bytes` holds more structure than `limits` allow (null when it does not): containers nested
 * deeper than `maxDepth`, or more than `maxValues` containers and elements. Strings are skipped
 * with indexOf, so a body that is mostly base64 photos costs next to nothing. Counts what JSON.parse
 * would build whether or not the text is valid JSON; invalid text is left for JSON.parse to refuse.
 */
export function jsonShapeExcess(bytes: Uint8Array, limits: { maxDepth: number; maxValues: number } = jsonShapeLimits): string | null {
  let depth = 0;
  let values = 0;
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte === quote) {
      index = stringEnd(bytes, index + 1);
      continue;
    }
    if (byte === openBrace || byte === openBracket) {
      depth += 1;
      values += 1;
      if (depth > limits.maxDepth) return `it nests deeper than ${limits.maxDepth} levels`;
    } else if (byte === closeBrace || byte === closeBracket) {
      depth -= 1;
    } else if (byte === comma) {
      values += 1;
    }
    if (values > limits.maxValues) return `it holds more than ${limits.maxValues} values`;
    index += 1;
  }
  return null;
}

/** The index after the quote that closes the string whose text starts at `from` (or the end of the bytes). */
function stringEnd(bytes: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    const close = bytes.indexOf(quote, at);
    if (close < 0) return bytes.length;
    let backslashes = 0;
    while (close - 1 - backslashes >= from && bytes[close - 1 - backslashes] === backslash) backslashes += 1;
    if (backslashes % 2 === 0) return close + 1;
    at = close + 1;
  }
}
