import type { ArtifactRecord } from '../avatars/types.js';

/**
 * Turns an avatar's stored file into the URL handed to clients: the kiosk's own file URL
 * (api/artifacts/urls.ts) or, once synced, a presigned bucket URL (storage/sync/presigned-urls.ts).
 */
export interface ArtifactUrlResolver {
  /** Null when this resolver cannot give a URL for the file (the next one in a chain is asked). */
  urlFor(artifact: ArtifactRecord, request: ArtifactUrlContext): string | null | Promise<string | null>;
}

export interface ArtifactUrlContext {
  /** Origin of the API as the client reached it, e.g. `http://127.0.0.1:8420`. */
  baseUrl: string;
}
