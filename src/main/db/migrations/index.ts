import type { Migration } from '../migrate.js';
import { migration as initial } from './0001_initial.js';
import { migration as syncOutbox } from './0002_sync_outbox.js';
import { migration as sizeCharts } from './0003_size_charts.js';
import { migration as captureConditions } from './0004_capture_conditions.js';
import { migration as dressClothing } from './0005_dress_clothing.js';
import { migration as jobFrames } from './0006_job_frames.js';
import { migration as avatarCapture } from './0007_avatar_capture.js';
import { migration as clothingNotGiven } from './0008_clothing_not_given.js';

/**
 * Every migration this build knows, in the order they apply (ids sort in the same order). Append
 * new ones at the end; never edit, reorder or remove one that has landed.
 */
export const migrations: readonly Migration[] = [
  initial,
  syncOutbox,
  sizeCharts,
  captureConditions,
  dressClothing,
  jobFrames,
  avatarCapture,
  clothingNotGiven,
];
