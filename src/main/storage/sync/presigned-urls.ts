import type { Logger } from 'pino';
import type { ArtifactUrlResolver } from '../artifact-url-resolver.js';
import type { ObjectStore } from './object-store.js';

/**
 * Presigned bucket URLs for files that are in the bucket (api.md: URLs handed to clients are
 * presigned and expire); null for the others, so that `chainResolvers(presigned, localArtifactUrls)`
 * answers the kiosk's own URL until the file is synced. Signing is local (no request), so an
 * offline kiosk still answers; the URL works once the client can reach the bucket.
 */
export function presignedArtifactUrls(store: Pick<ObjectStore, 'presignGet'>, expirySeconds: number, log: Logger): ArtifactUrlResolver {
  return {
    async urlFor(artifact) {
      if (artifact.objectKey === null || artifact.syncedAt === null) return null;
      try {
        return await store.presignGet(artifact.objectKey, expirySeconds);
      } catch (error) {
        // Falls back to the kiosk's URL, and says so.
        log.warn({ key: artifact.objectKey, err: (error as Error).message }, 'could not presign a bucket URL; answering the kiosk URL');
        return null;
      }
    },
  };
}
