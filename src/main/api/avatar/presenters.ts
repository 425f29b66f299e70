import type { ArtifactRecord, Avatar, AvatarCapture, MeasurementValue } from '../../avatars/types.js';
import type { Shoes } from '../../scans/capture-conditions.js';
import type { Job } from '../../jobs/types.js';
import type { ArtifactUrlContext, ArtifactUrlResolver } from '../artifacts/urls.js';
import type { AvatarBody, JobBody } from './schema.js';

/** Artifact names of the contract's URL fields (api.md storage layout) and ours. */
const urlFields = {
  smplx_params_url: (name: string) => name === 'smplx_params.npz',
  mesh_url: (name: string) => name === 'mesh.obj',
  mesh_glb_url: (name: string) => name === 'mesh.glb',
  source_image_url: (name: string) => /^source\.(jpg|jpeg|png|webp)$/.test(name),
} as const;

export function presentMeasurement(m: MeasurementValue): AvatarBody['measurements'][number] {
  return { name: m.name, value_cm: m.valueCm, sd_cm: m.sdCm, method: m.method };
}

export async function presentAvatar(
  avatar: Avatar,
  artifacts: readonly ArtifactRecord[],
  urls: ArtifactUrlResolver,
  context: ArtifactUrlContext,
  /** Where the avatar came from: this kiosk, or the central bucket (another store's scan). */
  source: AvatarBody['source'] = 'local',
): Promise<AvatarBody> {
  // Another store's customer: the body travels, their photo never leaves the store that took it.
  const shared = source === 'remote' ? artifacts.filter((artifact) => !urlFields.source_image_url(artifact.name)) : artifacts;
  const files = await Promise.all(shared.map(async (artifact) => ({ artifact, url: await urls.urlFor(artifact, context) })));
  const urlOf = (matches: (name: string) => boolean): string | null => files.find((file) => matches(file.artifact.name))?.url ?? null;
  const { provenance } = avatar;
  return {
    id: avatar.id,
    user_id: avatar.userId,
    gender: avatar.gender,
    smplx_betas: avatar.betas,
    smplx_body_pose: avatar.bodyPose,
    smplx_global_orient: avatar.globalOrient,
    height_cm: avatar.heightCm,
    chest_circumference_cm: avatar.chestCircumferenceCm,
    waist_circumference_cm: avatar.waistCircumferenceCm,
    hip_circumference_cm: avatar.hipCircumferenceCm,
    inseam_cm: avatar.inseamCm,
    shoulder_width_cm: avatar.shoulderWidthCm,
    arm_length_cm: avatar.armLengthCm,
    thigh_circumference_cm: avatar.thighCircumferenceCm,
    neck_circumference_cm: avatar.neckCircumferenceCm,
    smplx_params_url: urlOf(urlFields.smplx_params_url),
    mesh_url: urlOf(urlFields.mesh_url),
    source_image_url: urlOf(urlFields.source_image_url),
    created_at: avatar.createdAt,
    job_id: avatar.jobId,
    mesh_glb_url: urlOf(urlFields.mesh_glb_url),
    measurements: avatar.measurements.map(presentMeasurement),
    provenance: {
      pipeline: provenance.pipeline,
      pipeline_version: provenance.pipelineVersion,
      body_model: provenance.bodyModel,
      models: provenance.models,
      execution_provider: provenance.executionProvider,
      notes: provenance.notes,
    },
    warnings: avatar.warnings,
    capture: avatar.capture === null ? null : presentCapture(avatar.capture),
    consent: avatar.consent,
    sync_state: avatar.syncState,
    sync_error: avatar.syncError,
    synced_at: avatar.syncedAt,
    source,
    files: files
      .filter((file) => file.url !== null)
      .map(({ artifact, url }) => ({
        name: artifact.name,
        url: url!,
        content_type: artifact.contentType,
        size_bytes: artifact.sizeBytes,
        sha256: artifact.sha256,
      })),
  };
}

function presentCapture(capture: AvatarCapture): NonNullable<AvatarBody['capture']> {
  return {
    // No side frame read: no side view (`frames` says it; `views` is the short answer).
    views: capture.frames.side > 0 ? ['front', 'side'] : ['front'],
    frames: { front: capture.frames.front, side: capture.frames.side },
    height_source: capture.heightSource,
    typed_height_cm: capture.typedHeightCm,
    camera_height_cm: capture.cameraHeightCm === null ? null : Number(capture.cameraHeightCm.toFixed(1)),
    clothing: capture.clothing,
    clothing_source: capture.clothingSource,
    shoes: presentShoes(capture.shoes),
  };
}

/** The footwear in the shape the create-avatar request takes it: a kind, or the sole height in cm. */
function presentShoes(shoes: Shoes | null): JobBody['shoes'] {
  return shoes === null || typeof shoes === 'string' ? shoes : shoes.soleCm;
}

export function presentJob(job: Job, avatar: AvatarBody | null): JobBody {
  return {
    id: job.id,
    user_id: job.userId,
    status: job.status,
    gender: job.gender,
    input_image_path: job.inputImagePath,
    avatar_id: job.avatarId,
    error_message: job.errorMessage,
    rq_job_id: job.rqJobId,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    error_code: job.errorCode,
    progress: { stage: job.progressStage, percent: job.progressPercent },
    stage_timings: job.stageTimings.map((timing) => ({ stage: timing.stage, duration_ms: timing.durationMs })),
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    side_image_path: job.sideImagePath,
    height_cm: job.heightCm,
    clothing: job.clothing,
    shoes: presentShoes(job.shoes),
    consent: job.consent,
    pipeline: job.pipeline,
    pipeline_version: job.pipelineVersion,
    updated_at: job.updatedAt,
    avatar,
  };
}
