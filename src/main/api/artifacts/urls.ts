import type { ArtifactUrlResolver } from '../../storage/artifact-url-resolver.js';

/*
 * The local resolver points at this kiosk (`GET /api/v1/avatars/{avatar_id}/files/{name}`); the
 * sync service plugs in a resolver that answers presigned bucket URLs for synced files and falls
 * back to the local one (`chainResolvers`).
 */
export type { ArtifactUrlContext, ArtifactUrlResolver } from '../../storage/artifact-url-resolver.js';

/**
 * The origin the client used, from the Host header (already checked against the allowed names by
 * the host-check middleware, so it cannot inject another site), e.g. `http://127.0.0.1:8420`.
 */
export function requestBaseUrl(request: { protocol: string; host: string }, fallbackHost: string, fallbackPort: number): string {
  if (request.host) return `${request.protocol}://${request.host}`;
  const host = fallbackHost.includes(':') && !fallbackHost.startsWith('[') ? `[${fallbackHost}]` : fallbackHost;
  return `${request.protocol}://${host}:${fallbackPort}`;
}

export function localArtifactPath(avatarId: string, name: string): string {
  return `/api/v1/avatars/${encodeURIComponent(avatarId)}/files/${encodeURIComponent(name)}`;
}

export const localArtifactUrls: ArtifactUrlResolver = {
  urlFor: (artifact, { baseUrl }) => `${baseUrl}${localArtifactPath(artifact.avatarId, artifact.name)}`,
};

/** The first resolver with an answer wins, e.g. `chainResolvers(s3Presigned, localArtifactUrls)`. */
export function chainResolvers(...resolvers: ArtifactUrlResolver[]): ArtifactUrlResolver {
  return {
    async urlFor(artifact, context) {
      for (const resolver of resolvers) {
        const url = await resolver.urlFor(artifact, context);
        if (url !== null) return url;
      }
      return null;
    },
  };
}
