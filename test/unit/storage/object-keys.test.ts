import { describe, expect, it } from 'vitest';
import { objectKeyFor, parseAvatarKey, userPrefix } from '../../../src/main/storage/sync/object-keys.js';

const avatarId = '3f0c8a9e-5b1d-4c2e-9f7a-0123456789ab';

describe('object keys of the bucket layout', () => {
  it('follows the contract layout avatars/{user_id}/{avatar_id}/<file>', () => {
    expect(objectKeyFor('pos-1234', avatarId, 'smplx_params.npz')).toBe(`avatars/pos-1234/${avatarId}/smplx_params.npz`);
    expect(objectKeyFor('customer_42.x~y', avatarId, 'mesh.obj')).toBe(`avatars/customer_42.x~y/${avatarId}/mesh.obj`);
  });

  it('keeps a user id that is not a plain name inside one folder (no slash, no dot segment)', () => {
    expect(userPrefix('a/b')).toBe('avatars/a%2Fb/');
    expect(userPrefix('..')).toBe('avatars/%2E%2E/');
    expect(userPrefix('Jörg Müller')).toBe('avatars/J%C3%B6rg%20M%C3%BCller/');
    expect(objectKeyFor('../other', avatarId, 'mesh.obj').split('/')).toHaveLength(4);
  });

  it('reads the avatar id and file name back from a key, and nothing from keys of another shape', () => {
    for (const userId of ['pos-1', 'a/b', '..', 'Jörg']) {
      expect(parseAvatarKey(userId, objectKeyFor(userId, avatarId, 'avatar.json'))).toEqual({ avatarId, name: 'avatar.json' });
    }
    expect(parseAvatarKey('pos-1', `avatars/pos-2/${avatarId}/avatar.json`)).toBeNull();
    expect(parseAvatarKey('pos-1', `avatars/pos-1/${avatarId}/deeper/avatar.json`)).toBeNull();
    expect(parseAvatarKey('pos-1', 'avatars/pos-1/loose.json')).toBeNull();
  });
});
