import type { Avatar, CaptureCheck, ExtractionJob, Health } from '../../../src/renderer/src/api/generated/openapi';

/** API answers as the service sends them, with the fields a test cares about overridden. */
const isoNow = '2025-01-31T09:30:00.000Z';

export function avatarAnswer(overrides: Partial<Avatar> = {}): Avatar {
  const heightCm = overrides.height_cm ?? 170;
  const figures: Record<string, number> = {
    height: heightCm,
    chest: 93.5,
    waist: 79.9,
    hip: 96.9,
    inseam: 76.5,
    shoulder_width: 40.8,
    arm_length: 56.1,
    thigh: 54.4,
    neck: 37.4,
  };
  return {
    id: '3f0c8a9e-5b1d-4c2e-9f7a-0123456789ab',
    user_id: 'customer-1',
    gender: 'neutral',
    smplx_betas: new Array<number>(10).fill(0),
    smplx_body_pose: new Array<number>(69).fill(0),
    smplx_global_orient: [0, 0, 0],
    height_cm: heightCm,
    chest_circumference_cm: figures['chest']!,
    waist_circumference_cm: figures['waist']!,
    hip_circumference_cm: figures['hip']!,
    inseam_cm: figures['inseam']!,
    shoulder_width_cm: figures['shoulder_width']!,
    arm_length_cm: figures['arm_length']!,
    thigh_circumference_cm: figures['thigh']!,
    neck_circumference_cm: figures['neck']!,
    smplx_params_url: null,
    mesh_url: null,
    source_image_url: null,
    created_at: isoNow,
    job_id: null,
    mesh_glb_url: null,
    measurements: Object.entries(figures).map(([name, value_cm]) => ({
      name,
      value_cm,
      sd_cm: name === 'chest' ? 1.8 : null,
      method: 'test',
    })),
    provenance: {
      pipeline: 'test-double',
      pipeline_version: '0.0.0-test',
      body_model: { name: 'none', version: '0' },
      models: [],
      execution_provider: 'none',
      notes: [],
    },
    warnings: [],
    capture: null,
    consent: true,
    sync_state: 'disabled',
    sync_error: null,
    synced_at: null,
    files: [],
    ...overrides,
  } as Avatar;
}

export function jobAnswer(overrides: Partial<ExtractionJob> = {}): ExtractionJob {
  return {
    id: '0b7e2b1c-8f1e-4a55-9d1f-2a3b4c5d6e7f',
    user_id: 'customer-1',
    status: 'pending',
    gender: 'neutral',
    input_image_path: 'uploads/x/front.jpg',
    avatar_id: null,
    error_message: null,
    rq_job_id: 'q-1',
    created_at: isoNow,
    started_at: null,
    completed_at: null,
    error_code: null,
    progress: { stage: null, percent: 0 },
    stage_timings: [],
    attempts: 0,
    max_attempts: 3,
    side_image_path: null,
    height_cm: 170,
    consent: true,
    pipeline: null,
    pipeline_version: null,
    updated_at: isoNow,
    avatar: null,
    ...overrides,
  } as ExtractionJob;
}

export function checkAnswer(overrides: Partial<CaptureCheck> = {}): CaptureCheck {
  return {
    ok: true,
    view: 'front',
    issues: [],
    person: null,
    timings: { faces_ms: 1, body_ms: 1, mask_ms: 1, statistics_ms: 1, checks_ms: 1, total_ms: 5 },
    ...overrides,
  } as CaptureCheck;
}

export function healthAnswer(sync: Partial<Health['components']['sync']> = {}): Health {
  const component = { status: 'ok' as const, detail: 'ok' };
  return {
    status: 'ok',
    checked_at: isoNow,
    uptime_seconds: 10,
    components: {
      database: component,
      inference_worker: { ...component, ready: true, busy: false, restarts: 0, pipeline: null },
      face_detector: { ...component, required: true },
      queue: { ...component, pending: 0, processing: 0, completed: 0, failed: 0, max_pending: 10 },
      sync: { status: 'disabled', detail: 'sync is off', enabled: false, online: null, ...sync },
    },
  } as Health;
}
