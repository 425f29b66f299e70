import { createRequire } from 'node:module';

/** What the benches read of an autocannon run. */
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  /** Requests per second over all connections; unlimited when left out. */
  overallRate?: number;
  workers?: number;
  headers?: Record<string, string>;
}

// autocannon ships no types; this is the part of its API the benches use.
export const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;
