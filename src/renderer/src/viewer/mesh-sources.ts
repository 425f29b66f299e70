import type { Avatar } from '../api/generated/openapi';

/**
 * Where to load an avatar's GLB from, in order. The kiosk's own file route first: it serves the
 * file as long as this kiosk has it, and the page's CSP allows only the kiosk's origin, so a
 * presigned bucket URL (what `mesh_glb_url` becomes after sync) cannot be fetched from the page.
 * The URL the API handed out comes second (an avatar made on this kiosk before sync has one here).
 */
export function glbSourcesOf(avatar: Pick<Avatar, 'id' | 'mesh_glb_url' | 'files'>): string[] {
  const local = avatar.files.some((file) => file.name === 'mesh.glb')
    ? [`/api/v1/avatars/${encodeURIComponent(avatar.id)}/files/mesh.glb`]
    : [];
  return [...new Set([...local, ...(avatar.mesh_glb_url ? [avatar.mesh_glb_url] : [])])];
}
