import { describe, expect, it } from 'vitest';
import { avatarDocumentBytes, avatarDocumentSchema } from '../../../src/main/avatars/avatar-document.js';
import { makeAvatarCapture, makeNewAvatar } from '../../factories/avatars.js';

/** avatar.json as one kiosk writes it and another reads it back from the bucket (remote lookup). */
describe('avatar.json', () => {
  const readBack = (bytes: Buffer) => avatarDocumentSchema.parse(JSON.parse(bytes.toString('utf8')));

  it('carries how the avatar was captured there and back', () => {
    const capture = makeAvatarCapture({
      frames: { front: 5, side: 0 },
      heightSource: 'camera',
      typedHeightCm: null,
      clothing: 'tight',
      shoes: 'heels',
    });
    const avatar = makeNewAvatar({ capture, createdAt: '2026-12-01T10:00:00.000Z' });
    const document = readBack(avatarDocumentBytes(avatar));
    expect(document.capture).toEqual(capture);
    expect(document).toEqual({ ...avatar, warnings: [] });
  });

  it("reads an older kiosk's document, written before the capture was recorded, as capture unknown (null)", () => {
    const { capture: _capture, ...older } = makeNewAvatar();
    const bytes = avatarDocumentBytes(older);
    expect(bytes.toString('utf8')).not.toContain('capture');
    expect(readBack(bytes).capture).toBeNull();
    expect(readBack(avatarDocumentBytes(makeNewAvatar({ capture: null }))).capture).toBeNull();
  });

  it('refuses a document whose capture does not fit rather than serving half of it', () => {
    const bad = [
      { ...makeAvatarCapture(), heightSource: 'guessed' },
      { ...makeAvatarCapture(), frames: { front: 0, side: 0 } },
      { ...makeAvatarCapture(), shoes: { soleCm: 40 } },
    ];
    for (const capture of bad) {
      const json = JSON.parse(avatarDocumentBytes(makeNewAvatar()).toString('utf8')) as Record<string, unknown>;
      expect(avatarDocumentSchema.safeParse({ ...json, capture }).success, JSON.stringify(capture)).toBe(false);
    }
  });
});
