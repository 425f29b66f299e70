import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { commonErrorResponses, errorResponse, uuidParam } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

/** A file name inside an avatar's folder (never a path). */
export const artifactNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, { error: 'name must be a file name such as mesh.glb' })
  .openapi({
    param: { name: 'name', in: 'path', description: 'File name: smplx_params.npz, mesh.obj, mesh.glb, source.jpg, …' },
    example: 'mesh.glb',
  });

export const artifactParamsSchema = z.object({
  avatar_id: uuidParam('avatar_id', 'The avatar id'),
  name: artifactNameSchema,
});

export function registerArtifactPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/avatars/{avatar_id}/files/{name}',
    tags: ['avatar'],
    summary: "(ours) One of an avatar's files, from this kiosk",
    description:
      'The URLs in an Avatar point here until the avatar is synced to the central bucket (then they are presigned bucket URLs). ' +
      'Answers the file with its content type; the files of an avatar never change.',
    request: { params: artifactParamsSchema },
    responses: {
      200: {
        description: 'The file',
        content: {
          'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
          'model/gltf-binary': { schema: z.string().openapi({ format: 'binary' }) },
          'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      400: errorResponse('avatar_id is not a UUID or name is not a file name: code `invalid_id` / `invalid_request`'),
      404: errorResponse('No such avatar or file: code `file_not_found`'),
      ...commonErrorResponses,
    },
  });
}
