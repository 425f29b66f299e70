import type { Logger } from 'pino';
import { avatarDocumentSchema } from '../../avatars/avatar-document.js';
import type { ArtifactRecord, Avatar } from '../../avatars/types.js';
import { toIsoTimestamp } from '../../db/row-parsing.js';
import { ErasureTombstones, erasedBefore } from './erasure-tombstones.js';
import { SyncError } from './errors.js';
import { parseAvatarKey, userPrefix } from './object-keys.js';
import type { ObjectStore } from './object-store.js';

/** A customer's avatar read from the bucket, with its files as (already synced) artifact records. */
export interface RemoteAvatar {
  avatar: Avatar;
  artifacts: ArtifactRecord[];
}

export interface RemoteAvatarLookupOptions {
  store: Pick<ObjectStore, 'list' | 'read' | 'stat' | 'putBytes'>;
  log: Logger;
  /** avatar.json larger than this is refused (it is a few kB). */
  maxDocumentBytes?: number;
}

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.obj': 'model/obj',
  '.glb': 'model/gltf-binary',
  '.npz': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/**
 * Another store's customer (sync.remoteLookup): when this kiosk has no avatar for a customer, the
 * newest `avatars/{user_id}/{avatar_id}/avatar.json` in the bucket is read, checked with the
 * avatar.json schema, and answered with presigned URLs of its sibling files. Failures are
 * SyncErrors; a document that does not parse is skipped for the next newest.
 */
export class RemoteAvatarLookup {
  private readonly tombstones: ErasureTombstones;

  constructor(private readonly options: RemoteAvatarLookupOptions) {
    this.tombstones = new ErasureTombstones(options.store, options.log);
  }

  async latestForUser(userId: string): Promise<RemoteAvatar | null> {
    const { store, log } = this.options;
    // Another kiosk may have uploaded a scan made before the customer was erased elsewhere.
    const [listed, erasedAt] = await Promise.all([store.list(userPrefix(userId)), this.tombstones.erasedAt(userId)]);
    const folders = new Map<string, Array<{ key: string; name: string; sizeBytes: number; lastModified: Date }>>();
    for (const object of listed) {
      const parsed = parseAvatarKey(userId, object.key);
      if (!parsed) continue;
      const files = folders.get(parsed.avatarId) ?? [];
      files.push({ key: object.key, name: parsed.name, sizeBytes: object.sizeBytes, lastModified: object.lastModified });
      folders.set(parsed.avatarId, files);
    }
    const documents = [...folders.entries()]
      .map(([avatarId, files]) => ({ avatarId, files, document: files.find((file) => file.name === 'avatar.json') }))
      .filter((entry) => entry.document !== undefined)
      .sort((a, b) => b.document!.lastModified.getTime() - a.document!.lastModified.getTime());

    for (const entry of documents) {
      const document = entry.document!;
      const bytes = await store.read(document.key, this.options.maxDocumentBytes ?? 1024 * 1024);
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        log.warn({ key: document.key }, 'remote avatar.json is not JSON; skipped');
        continue;
      }
      const parsed = avatarDocumentSchema.safeParse(json);
      if (!parsed.success || parsed.data.id !== entry.avatarId || parsed.data.userId !== userId) {
        log.warn(
          { key: document.key, issues: parsed.success ? ['id or user does not match its key'] : parsed.error.issues.slice(0, 3) },
          'remote avatar.json does not fit; skipped',
        );
        continue;
      }
      const syncedAt = toIsoTimestamp(document.lastModified.getTime());
      if (erasedBefore(parsed.data.createdAt ?? syncedAt, erasedAt)) {
        log.info({ key: document.key }, 'remote avatar made before the customer was erased; not served');
        continue;
      }
      const avatar: Avatar = {
        ...parsed.data,
        createdAt: parsed.data.createdAt ?? syncedAt,
        syncState: 'synced',
        syncError: null,
        syncedAt,
      };
      const artifacts = await Promise.all(entry.files.map((file) => this.recordOf(entry.avatarId, file, syncedAt)));
      return { avatar, artifacts: artifacts.sort((a, b) => a.name.localeCompare(b.name)) };
    }
    return null;
  }

  private async recordOf(
    avatarId: string,
    file: { key: string; name: string; sizeBytes: number },
    syncedAt: string,
  ): Promise<ArtifactRecord> {
    const info = await this.options.store.stat(file.key);
    if (!info) throw new SyncError('object_error', 'object', `${file.key} disappeared from the bucket while it was read`);
    const extension = file.name.slice(file.name.lastIndexOf('.')).toLowerCase();
    return {
      avatarId,
      name: file.name,
      localPath: '',
      contentType: contentTypes[extension] ?? 'application/octet-stream',
      sizeBytes: info.sizeBytes,
      sha256: info.sha256 ?? '',
      md5Base64: '',
      objectKey: file.key,
      syncedAt,
    };
  }
}
