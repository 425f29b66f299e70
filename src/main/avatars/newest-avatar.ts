import type { Logger } from 'pino';
import type { AvatarRepository } from './avatar-repository.js';
import { AvatarNotFoundError } from './errors.js';
import type { ArtifactRecord, Avatar } from './types.js';

/** Where a customer's newest avatar came from: this kiosk, or the central bucket (another store's scan). */
export interface NewestAvatar {
  avatar: Avatar;
  artifacts: ArtifactRecord[];
  source: 'local' | 'remote';
}

/** The central store's newest avatar of a customer (storage/sync's RemoteAvatarLookup). */
export interface RemoteAvatarSource {
  latestForUser(userId: string): Promise<{ avatar: Avatar; artifacts: ArtifactRecord[] } | null>;
}

export interface NewestAvatarOptions {
  avatars: Pick<AvatarRepository, 'latestForUser' | 'artifacts'>;
  /** Asked only when this kiosk has none (sync.remoteLookup); absent: local avatars only. */
  remote?: RemoteAvatarSource;
  log: Logger;
}

/**
 * A customer's newest avatar (contract `GET /api/v1/avatar/{user_id}`): this kiosk's, else another
 * store's from the central bucket. An unreachable bucket is not an error of the request: the answer
 * is the local one (not found), and its message says why.
 */
export async function findNewestAvatar(options: NewestAvatarOptions, userId: string): Promise<NewestAvatar> {
  const local = options.avatars.latestForUser(userId);
  if (local) return { avatar: local, artifacts: options.avatars.artifacts(local.id), source: 'local' };
  if (!options.remote) throw new AvatarNotFoundError(`No avatar for user ${userId}`);
  let remote: Awaited<ReturnType<RemoteAvatarSource['latestForUser']>>;
  try {
    remote = await options.remote.latestForUser(userId);
  } catch (error) {
    options.log.warn(
      { user_id: userId, code: (error as { code?: unknown }).code, err: (error as Error).message },
      'remote avatar lookup failed',
    );
    throw new AvatarNotFoundError(
      `No avatar for user ${userId} on this kiosk, and the central store could not be asked: ${(error as Error).message}`,
    );
  }
  if (!remote) throw new AvatarNotFoundError(`No avatar for user ${userId}, on this kiosk or in the central store`);
  options.log.info({ user_id: userId, avatar_id: remote.avatar.id }, 'answered an avatar from the central store');
  return { ...remote, source: 'remote' };
}
