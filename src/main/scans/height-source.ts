/**
 * Where the stature that scales a scanned body came from: typed by staff, read through the
 * calibrated camera, the survey's mean for the customer's sex (no height at all), or the body
 * model's own (hmr2 with neither a typed height nor a calibrated camera). Here, below both,
 * because the pipelines report it and the avatars record it.
 */
export const heightSources = ['typed', 'camera', 'survey_mean', 'model'] as const;
export type HeightSource = (typeof heightSources)[number];
