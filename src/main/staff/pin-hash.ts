import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import * as z from 'zod';

/** scrypt parameters: N = 2^14 and r = 8 take 16 MiB and tens of milliseconds per guess, off the event loop. */
const defaultParameters = { cost: 16_384, blockSize: 8, parallelization: 1, keyLengthBytes: 32 } as const;

export const pinHashSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    saltBase64: z.base64(),
    hashBase64: z.base64(),
    cost: z.number().int().min(1024).max(1_048_576),
    blockSize: z.number().int().min(1).max(32),
    parallelization: z.number().int().min(1).max(16),
    keyLengthBytes: z.number().int().min(16).max(128),
  })
  .strict();

export type PinHash = z.infer<typeof pinHashSchema>;

function derive(pin: string, salt: Buffer, parameters: Omit<PinHash, 'algorithm' | 'saltBase64' | 'hashBase64'>): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelization,
    maxmem: 256 * parameters.cost * parameters.blockSize * parameters.parallelization,
  };
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFC'), salt, parameters.keyLengthBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, defaultParameters);
  return { algorithm: 'scrypt', saltBase64: salt.toString('base64'), hashBase64: key.toString('base64'), ...defaultParameters };
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hashBase64, 'base64');
  const key = await derive(pin, Buffer.from(stored.saltBase64, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
