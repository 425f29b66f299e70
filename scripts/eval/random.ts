/**
 * Seeded random numbers for the evaluation: every draw is a function of (seed, subject, purpose),
 * so one subject's body or photo never changes when another subject is added or removed.
 */

/** FNV-1a over the key's characters: a stable 32-bit seed from any string. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(low: number, high: number): number;
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough for sampling test conditions. */
export function randomFor(...keys: Array<string | number>): Random {
  let state = hashKey(keys.join('/'));
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
