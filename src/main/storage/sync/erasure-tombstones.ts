import type { Logger } from 'pino';
import * as z from 'zod';
import { erasureKeyFor } from './object-keys.js';
import type { ObjectStore } from './object-store.js';

/**
 * Erasure that sticks across kiosks. The kiosk that erases a customer writes a tombstone to the
 * bucket (`erasures/{sha256(user_id)}.json`, holding only the erasure time) before it deletes
 * the customer's folder. Every kiosk reads it before uploading that customer's files and before
 * answering a remote lookup: avatars made before the erasure are never uploaded (a kiosk that was
 * offline during the erasure drops its own copy) and never served from the bucket. Avatars made
 * after the erasure are a new visit and sync as usual.
 */
const tombstoneSchema = z.object({ erased_at: z.iso.datetime({ offset: true }) });

export type TombstoneStore = Pick<ObjectStore, 'stat' | 'read' | 'putBytes'>;

export class ErasureTombstones {
  constructor(
    private readonly store: TombstoneStore,
    private readonly log: Logger,
  ) {}

  /** Records that the customer was erased at `erasedAtIso`; a later erasure replaces an earlier one. */
  async write(userId: string, erasedAtIso: string): Promise<void> {
    const body = Buffer.from(JSON.stringify({ erased_at: erasedAtIso }));
    await this.store.putBytes(erasureKeyFor(userId), body, 'application/json');
  }

  /**
   * When the customer was last erased (ISO time), or null when never. A tombstone that does not
   * parse still means "erased": its upload time stands in for the erasure time.
   */
  async erasedAt(userId: string): Promise<string | null> {
    const key = erasureKeyFor(userId);
    const info = await this.store.stat(key);
    if (!info) return null;
    const bytes = await this.store.read(key, 4096);
    let json: unknown = null;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      // Falls through to the schema check, which refuses null.
    }
    const parsed = tombstoneSchema.safeParse(json);
    if (parsed.success) return new Date(parsed.data.erased_at).toISOString();
    this.log.warn({ key }, 'an erasure tombstone in the bucket does not parse; its upload time is taken as the erasure time');
    return info.lastModified.toISOString();
  }
}

/** True when an avatar made at `createdAtIso` belongs to the erased past of its customer. */
export function erasedBefore(createdAtIso: string, erasedAtIso: string | null): boolean {
  return erasedAtIso !== null && Date.parse(createdAtIso) <= Date.parse(erasedAtIso);
}
