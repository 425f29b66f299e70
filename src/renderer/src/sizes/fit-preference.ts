import type { AvatarSizes } from '../api/generated/openapi';

/** How a customer likes clothes to fit: the `fit` of GET /api/v1/avatar/{user_id}/sizes. */
export type FitPreference = AvatarSizes['fit_preference'];

// Keyed by every preference, so that the compiler names any one the API gains and this list lacks.
const choices: Record<FitPreference, true> = { snug: true, regular: true, loose: true };

/** Snug to loose, the order the customer reads them in (the keys' order above). */
export const fitPreferences = Object.keys(choices) as readonly FitPreference[];
