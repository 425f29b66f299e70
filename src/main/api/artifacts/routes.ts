import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Router } from '@koa/router';
import type { AvatarRepository } from '../../avatars/avatar-repository.js';
import type { AppState } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseRequest } from '../validation.js';
import { artifactParamsSchema } from './schema.js';
import { apiRouter } from '../router.js';

export interface ArtifactRouteDeps {
  avatars: Pick<AvatarRepository, 'artifact'>;
}

/** GET /api/v1/avatars/{avatar_id}/files/{name}: streams a stored file (ours; the local URLs of an avatar). */
export function artifactRoutes(deps: ArtifactRouteDeps): Router<AppState> {
  const router = apiRouter();
  router.get('/api/v1/avatars/:avatar_id/files/:name', async (ctx) => {
    const params = parseRequest(artifactParamsSchema, ctx.params, 'Invalid file request', 'invalid_id');
    const artifact = deps.avatars.artifact(params.avatar_id, params.name);
    if (!artifact) throw new NotFoundError(`Avatar ${params.avatar_id} has no file ${params.name}`, 'file_not_found');
    let sizeBytes: number;
    try {
      sizeBytes = (await stat(artifact.localPath)).size;
    } catch {
      ctx.state.log.warn(
        { avatar_id: artifact.avatarId, name: artifact.name, path: artifact.localPath },
        'artifact recorded but missing on disk',
      );
      throw new NotFoundError(`The file ${params.name} of avatar ${params.avatar_id} is no longer on this kiosk`, 'file_not_found');
    }
    const etag = `"${artifact.sha256}"`;
    ctx.set('ETag', etag);
    // A customer's body and photo: no cache on the kiosk or between it and a POS keeps a copy.
    ctx.set('Cache-Control', 'no-store');
    if (ctx.get('if-none-match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = artifact.contentType;
    ctx.length = sizeBytes;
    ctx.set('Content-Disposition', `inline; filename="${artifact.name}"`);
    ctx.body = createReadStream(artifact.localPath);
  });
  return router;
}
