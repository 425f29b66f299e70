import type { MeasurementValue } from '../body/measurement-value.js';
import type { Gender } from '../jobs/types.js';
import type { ClothingClass, ClothingSource, Shoes } from '../scans/capture-conditions.js';
import type { FramesUsed } from '../scans/frames-used.js';
import type { HeightSource } from '../scans/height-source.js';

export type { MeasurementValue } from '../body/measurement-value.js';

export interface ModelProvenance {
  name: string;
  version: string;
  sha256?: string;
}

export interface AvatarProvenance {
  pipeline: string;
  pipelineVersion: string;
  bodyModel: ModelProvenance;
  models: ModelProvenance[];
  /** onnxruntime execution provider or tfjs backend that ran the models. */
  executionProvider: string;
  /** Assumptions and warnings a reader of the result must know (scale assumed, several people, …). */
  notes: string[];
}

/** Something a reader of the figures must see before trusting them (a body the model does not cover). */
export interface AvatarWarning {
  /** Stable: `stature_out_of_range`, `shape_out_of_range`, `range_not_checked`. */
  code: string;
  message: string;
}

/**
 * How the avatar was captured: what its figures rest on, so that a reader far from the kiosk (a POS,
 * head office, another store) can judge them without the job, which stays on the kiosk and is
 * deleted with it.
 */
export interface AvatarCapture {
  /** Frames of each view the figures rest on (a burst less the frames the checks refused); no side frame: no side view. */
  frames: FramesUsed;
  /** Where the stature that scales the body came from. */
  heightSource: HeightSource;
  /** The height staff typed for the scan (barefoot), null when none was typed. */
  typedHeightCm: number | null;
  /**
   * The stature the kiosk's calibrated camera read from the photos (barefoot), whether it scaled the
   * body or checked a typed height; null without a calibration or a reading.
   */
  cameraHeightCm: number | null;
  /** The clothing class the figures were taken with. */
  clothing: ClothingClass;
  /** Whether staff gave it or the pipeline judged it from the photo (or assumed it, not judging). */
  clothingSource: ClothingSource;
  /** The footwear staff gave, null when nobody said (the pipeline judged it). */
  shoes: Shoes | null;
}

export const syncStates = ['pending', 'synced', 'failed', 'disabled'] as const;
export type SyncState = (typeof syncStates)[number];

/** The seed's nine contract measurements, as stored in their own columns. */
export interface ContractMeasurements {
  heightCm: number;
  chestCircumferenceCm: number;
  waistCircumferenceCm: number;
  hipCircumferenceCm: number;
  inseamCm: number;
  shoulderWidthCm: number;
  armLengthCm: number;
  thighCircumferenceCm: number;
  neckCircumferenceCm: number;
}

export interface Avatar extends ContractMeasurements {
  id: string;
  userId: string;
  jobId: string | null;
  gender: Gender;
  betas: number[];
  bodyPose: number[];
  globalOrient: number[];
  /** Every measurement, the contract nine included, with confidence and method. */
  measurements: MeasurementValue[];
  provenance: AvatarProvenance;
  /** Loud flags on the figures (empty when none). */
  warnings: AvatarWarning[];
  /** Null only for avatars stored before the kiosk recorded it: unknown, not "none". */
  capture: AvatarCapture | null;
  consent: boolean | null;
  syncState: SyncState;
  syncError: string | null;
  syncedAt: string | null;
  createdAt: string;
}

/** One file of an avatar in the local artifact store (and, once synced, in the bucket). */
export interface ArtifactRecord {
  avatarId: string;
  /** File name inside the avatar's folder: smplx_params.npz, mesh.obj, mesh.glb, source.jpg, avatar.json. */
  name: string;
  localPath: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  md5Base64: string;
  objectKey: string | null;
  syncedAt: string | null;
}

/**
 * What a finished scan records: an Avatar without the fields the store fills in. `createdAt`
 * defaults to the store's clock, `syncState` to 'pending'; `jobId` may be null for avatars that
 * did not come from a local job.
 */
export type NewAvatar = Omit<Avatar, 'syncState' | 'syncError' | 'syncedAt' | 'createdAt' | 'warnings' | 'capture'> & {
  createdAt?: string;
  /** None when absent. */
  warnings?: AvatarWarning[];
  /** Unknown (null) when absent: an avatar that did not come from a scan of this build. */
  capture?: AvatarCapture | null;
  syncState?: SyncState;
};

/** What the job queue stores when a job completes, in one transaction. */
export interface CompletedScan {
  avatar: NewAvatar;
  artifacts: ArtifactRecord[];
}
