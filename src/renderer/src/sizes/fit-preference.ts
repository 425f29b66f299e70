import type { AvatarSizes } from '../api/generated/openapi';

/** How a customer likes clothes to fit: the `fit` of GET /api/v1/avatar/{user_id}/sizes. */
export type FitPreference = AvatarSizes['fit_preference'];

// A record, so that the compiler names any preference the API gains and this list lacks.
const order: Record<FitPreference, number> = { snug: 0, regular: 1, loose: 2 };

/** Snug to loose, the order the customer reads them in. */
export const fitPreferences: readonly FitPreference[] = (Object.keys(order) as FitPreference[]).sort((a, b) => order[a] - order[b]);
