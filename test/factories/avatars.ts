import { createHash, randomUUID } from 'node:crypto';
import { contractMeasurementFields, contractMeasurementsFrom } from '../../src/main/avatars/contract-measurements.js';
import type {
  ArtifactRecord,
  AvatarCapture,
  AvatarProvenance,
  ContractMeasurements,
  MeasurementValue,
  NewAvatar,
} from '../../src/main/avatars/types.js';

/** Factories for avatars and their artifact records: valid by default, any field overridable. */

const defaultFigures: ContractMeasurements = {
  heightCm: 175,
  chestCircumferenceCm: 98,
  waistCircumferenceCm: 84,
  hipCircumferenceCm: 100,
  inseamCm: 80,
  shoulderWidthCm: 44,
  armLengthCm: 60,
  thighCircumferenceCm: 56,
  neckCircumferenceCm: 38,
};

/** The nine contract measurements as MeasurementValues (plus `extra` ones), from the given figures. */
export function makeMeasurements(figures: Partial<ContractMeasurements> = {}, extra: MeasurementValue[] = []): MeasurementValue[] {
  const all = { ...defaultFigures, ...figures };
  const contract = Object.entries(contractMeasurementFields).map(([name, field]) => ({
    name,
    valueCm: all[field],
    sdCm: 1.5,
    method: name === 'height' || name === 'inseam' || name.endsWith('_length') || name.endsWith('_width') ? 'length' : 'convex_hull',
  }));
  return [...contract, ...extra];
}

export function makeProvenance(overrides: Partial<AvatarProvenance> = {}): AvatarProvenance {
  return {
    pipeline: 'embedded',
    pipelineVersion: '1.0.0',
    bodyModel: { name: 'perfit-body', version: '0.3.0', sha256: 'a'.repeat(64) },
    models: [{ name: 'human-body', version: '3.3.6' }],
    executionProvider: 'cpu',
    notes: ['scale from the height entered by staff'],
    ...overrides,
  };
}

/** A front-and-side single-photo scan with a typed height. */
export function makeAvatarCapture(overrides: Partial<AvatarCapture> = {}): AvatarCapture {
  return {
    frames: { front: 1, side: 1 },
    heightSource: 'typed',
    typedHeightCm: 175,
    cameraHeightCm: null,
    clothing: 'regular',
    clothingSource: 'staff',
    shoes: null,
    ...overrides,
  };
}

/** A NewAvatar whose contract columns agree with its measurement list (as the inference host builds it). */
export function makeNewAvatar(overrides: Partial<NewAvatar> = {}): NewAvatar {
  const measurements = overrides.measurements ?? makeMeasurements();
  return {
    id: randomUUID(),
    userId: 'customer-1',
    jobId: null,
    gender: 'female',
    betas: Array.from({ length: 10 }, (_, i) => (i - 5) / 10),
    bodyPose: Array.from({ length: 69 }, (_, i) => (i % 7) / 100),
    globalOrient: [Math.PI, 0, 0],
    measurements,
    provenance: makeProvenance(),
    capture: makeAvatarCapture(),
    consent: true,
    ...contractMeasurementsFrom(measurements),
    ...overrides,
  };
}

/** An artifact record with real hashes of `content` (default: some bytes naming the file). */
export function makeArtifactRecord(
  avatarId: string,
  name: string,
  overrides: Partial<ArtifactRecord> = {},
  content?: Uint8Array,
): ArtifactRecord {
  const bytes = content ?? Buffer.from(`${avatarId}/${name}`);
  return {
    avatarId,
    name,
    localPath: `/data/avatars/${avatarId}/${name}`,
    contentType: name.endsWith('.json') ? 'application/json' : name.endsWith('.jpg') ? 'image/jpeg' : 'application/octet-stream',
    sizeBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5Base64: createHash('md5').update(bytes).digest('base64'),
    objectKey: null,
    syncedAt: null,
    ...overrides,
  };
}

/** The artifact set the inference host stores for one avatar. */
export function makeArtifactRecords(
  avatarId: string,
  names = ['avatar.json', 'mesh.obj', 'smplx_params.npz', 'source.jpg'],
): ArtifactRecord[] {
  return names.map((name) => makeArtifactRecord(avatarId, name));
}
