import { CodedError } from '../errors.js';
import type { AvatarProvenance, AvatarWarning, MeasurementValue } from '../avatars/types.js';
import type { ScanCalibration } from '../calibration/calibration-record.js';
import type { Gender } from '../jobs/types.js';
import type { CaptureIssueCode } from '../scans/capture-issues.js';
import type { ClothingClass, ClothingSource, Shoes } from '../scans/capture-conditions.js';
import type { FramesUsed } from '../scans/frames-used.js';
import type { HeightSource } from '../scans/height-source.js';

/**
 * The one interface both pipelines (embedded and hmr2) implement. A pipeline runs inside the
 * inference worker thread: it loads its models once (`warmUp`), then runs one scan at a time.
 */
export interface ScanInput {
  jobId: string;
  imagePath: string;
  sideImagePath: string | null;
  /**
   * Multi-frame capture: a burst's extra frames of each view, after `imagePath` / `sideImagePath`
   * (the frames shown to the customer). Absent or empty: single photos, scanned as before.
   */
  framePaths?: readonly string[];
  sideFramePaths?: readonly string[];
  gender: Gender;
  heightCm: number | null;
  /**
   * What the customer wears, as staff gave it; the outline in the photos is the garment's, not the
   * skin's. Null: not given, the pipeline judges it (or assumes `regular`) and says which in its result.
   */
  clothing: ClothingClass | null;
  /** The footwear staff gave (a kind or a sole height); null: not said. `soleHeight()` turns it into cm. */
  shoes: Shoes | null;
  /**
   * The kiosk camera's calibration (docs/calibration.md), when there is one: without a typed
   * height the stature is read from the photo through it; a typed height is checked against it.
   */
  calibration?: ScanCalibration | null;
}

export interface ScanProgress {
  stage: string;
  /** 0..100 for the whole scan. */
  percent: number;
}

/** A file the pipeline produced; the main thread stores it atomically with the avatar. */
export interface ScanArtifact {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ScanResult {
  betas: number[];
  /** 69 values: 23 joints × axis-angle. */
  bodyPose: number[];
  /** 3 values, axis-angle. */
  globalOrient: number[];
  measurements: MeasurementValue[];
  provenance: AvatarProvenance;
  artifacts: ScanArtifact[];
  /** Flags the pipeline raises about this scan (a typed height the camera disagrees with); range flags are added by the worker. */
  warnings?: AvatarWarning[];
  /**
   * Where the front photo's floor line was under the calibration given: the service watches it for a
   * moved camera. `tiltChangeDeg`: the camera's tilt since calibration as the background's edge
   * showed it (+ up); null when not read.
   */
  cameraCheck?: { calibrationId: string; floorShare: number; tiltChangeDeg?: number | null };
  /** The customer's stature as the calibrated camera read it (cm), whether or not it scaled the body; absent or null: no reading. */
  cameraHeightCm?: number | null;
  /**
   * Where the stature that scales the body came from: typed by staff, read through the calibrated
   * camera, the survey's mean for the customer's sex (no height at all), or the body model's own
   * (hmr2 with neither a typed height nor a calibrated camera).
   */
  heightSource: HeightSource;
  /** How many frames of each view the figures rest on (hmr2 reads no side photo: 0 side frames). */
  framesUsed: FramesUsed;
  /** The clothing class the figures were taken with, and where it came from (the input's, or judged). */
  clothing: ClothingClass;
  clothingSource: ClothingSource;
}

export interface PipelineInfo {
  name: string;
  version: string;
  executionProvider: string;
  models: { name: string; version: string }[];
  /** Why this pipeline was chosen (`auto` resolution) or what it falls back from. */
  selectionNote: string;
}

/** Why a pipeline refuses the photos: a capture check's code, or a photo it cannot decode. */
export type ScanRefusalCode = CaptureIssueCode | 'image_undecodable';

/** A failure the pipeline can name: the job fails with this code and message (no retry). */
export class ScanRejectedError extends CodedError<ScanRefusalCode> {
  override readonly name = 'ScanRejectedError';
}

export interface Pipeline {
  readonly info: PipelineInfo;
  warmUp(): Promise<void>;
  run(input: ScanInput, onProgress: (progress: ScanProgress) => void): Promise<ScanResult>;
  close(): Promise<void>;
}

/** What a pipeline module exports; the worker imports one by URL. */
export interface PipelineModule {
  createPipeline(options: PipelineOptions): Promise<Pipeline>;
}

export interface PipelineOptions {
  modelsDir: string;
  choice: 'auto' | 'embedded' | 'hmr2';
  /**
   * `warmUp` also runs each network once on a blank input and reads the body model (default
   * true), so that a kiosk's first customer waits no longer than the next and a model file that
   * cannot be read stops the service's start. A one-off scan turns it off: its one photo pays the
   * networks' first-run set-up either way, it reads the body model of its customer's gender
   * itself, and a warm-up only adds its own time.
   */
  warmUpInference?: boolean;
  /** A folder the pipeline may keep files derived from its models in between starts (none: derive them on every load). */
  cacheDir?: string;
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** What the inference host reports to health checks and metrics. */
export interface InferenceStatus {
  /** True once the worker has loaded and warmed up its pipeline. */
  ready: boolean;
  /** Null while loading, or when no pipeline could be loaded (see `error`). */
  pipeline: PipelineInfo | null;
  /** Why the worker is not ready (model missing, load failed, crashed), in words. */
  error: string | null;
  busy: boolean;
  restarts: number;
}
