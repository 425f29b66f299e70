import { createHash } from 'node:crypto';

/**
 * Object keys of the bucket layout in api.md (contract):
 * `avatars/{user_id}/{avatar_id}/smplx_params.npz`, `mesh.obj`, `source.{ext}` (and ours: `mesh.glb`,
 * `avatar.json`). The user id is a customer reference of any printable characters, so it is
 * percent-encoded as one path segment: an id with a `/` cannot reach into another customer's
 * folder, and ids made of letters, digits, `-`, `_`, `.` and `~` (all ids POS systems send in
 * practice) appear unchanged. A segment of only dots is encoded too (`..` is not a folder).
 */
export const avatarsPrefix = 'avatars/';

/**
 * Erasure tombstones live outside `avatars/`, so that deleting a customer's folder keeps them, and
 * are named by the SHA-256 of the customer id, so that the bucket does not keep the id of a
 * customer who asked to be forgotten.
 */
export const erasuresPrefix = 'erasures/';

export function erasureKeyFor(userId: string): string {
  return `${erasuresPrefix}${createHash('sha256').update(userId, 'utf8').digest('hex')}.json`;
}

export function userSegment(userId: string): string {
  const encoded = encodeURIComponent(userId);
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

/** The folder of all of a customer's avatars, ending in `/`. */
export function userPrefix(userId: string): string {
  return `${avatarsPrefix}${userSegment(userId)}/`;
}

export function avatarPrefix(userId: string, avatarId: string): string {
  return `${userPrefix(userId)}${avatarId}/`;
}

export function objectKeyFor(userId: string, avatarId: string, name: string): string {
  return `${avatarPrefix(userId, avatarId)}${name}`;
}

/** The avatar id and file name of a key under `userPrefix(userId)`, or null for keys of another shape. */
export function parseAvatarKey(userId: string, key: string): { avatarId: string; name: string } | null {
  const prefix = userPrefix(userId);
  if (!key.startsWith(prefix)) return null;
  const rest = key.slice(prefix.length).split('/');
  if (rest.length !== 2 || !rest[0] || !rest[1]) return null;
  return { avatarId: rest[0], name: rest[1] };
}
