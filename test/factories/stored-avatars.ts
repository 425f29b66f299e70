import { randomBytes } from 'node:crypto';
import { avatarDocumentBytes } from '../../src/main/avatars/avatar-document.js';
import type { AvatarRepository } from '../../src/main/avatars/avatar-repository.js';
import type { Avatar, NewAvatar } from '../../src/main/avatars/types.js';
import type { ArtifactFile, ArtifactStore } from '../../src/main/storage/artifact-store.js';
import { makeNewAvatar } from './avatars.js';

/** The files of the bucket layout (api.md) plus ours, as the inference host stores them. */
export const contractFileNames = ['avatar.json', 'mesh.glb', 'mesh.obj', 'smplx_params.npz', 'source.jpg'] as const;

export interface StoredAvatar {
  avatar: Avatar;
  /** The bytes of each file by name, to compare with what reached the bucket. */
  files: Map<string, Buffer>;
}

/**
 * An avatar stored as a finished scan stores it: real files written atomically to the artifact
 * store, then the avatar and artifact rows (and so its outbox rows) in one transaction. File
 * contents are random so that every checksum differs; `sizeBytes` sets the photo's size.
 */
export function storeAvatar(
  deps: { avatars: AvatarRepository; artifacts: ArtifactStore },
  overrides: Partial<NewAvatar> & { photoBytes?: number } = {},
): StoredAvatar {
  const { photoBytes = 2048, ...avatarOverrides } = overrides;
  const newAvatar = makeNewAvatar(avatarOverrides);
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(Math.max(0, photoBytes - 6)), Buffer.from([0xff, 0xd9])]);
  const files: ArtifactFile[] = [
    {
      name: 'smplx_params.npz',
      contentType: 'application/octet-stream',
      bytes: Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(600)]),
    },
    { name: 'mesh.obj', contentType: 'model/obj', bytes: Buffer.from(`# ${newAvatar.id}\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n`) },
    { name: 'mesh.glb', contentType: 'model/gltf-binary', bytes: Buffer.concat([Buffer.from('glTF'), randomBytes(900)]) },
    { name: 'source.jpg', contentType: 'image/jpeg', bytes: photo },
    { name: 'avatar.json', contentType: 'application/json', bytes: avatarDocumentBytes(newAvatar) },
  ];
  const records = deps.artifacts.write(newAvatar.id, files);
  const avatar = deps.avatars.insert(newAvatar, records);
  return { avatar, files: new Map(files.map((file) => [file.name, Buffer.from(file.bytes)])) };
}
