/**
 * Runs the evaluation population through a pipeline: for each subject, its truth, its capture
 * condition, its two photographs (rendered once and cached), and a scan for each input set, with
 * the prior-only baseline beside every scan. Refusals are recorded with their codes, never dropped.
 */
import type { ShapeStats } from '../../src/main/body/shape-stats.js';
import { ScanRejectedError, type Pipeline, type ScanInput } from '../../src/main/inference/pipeline.js';
import type { MeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { baselineValue, type BaselineValue } from './baseline.js';
import { buildScene, photoRequest, viewPose, type View } from './body-scene.js';
import { buildBodyPlan, drawShapeVariation } from './body-plan.js';
import { drawCondition, type ClothingClass } from './capture-conditions.js';
import type { PhotoCache } from './photo-cache.js';
import { photoKey } from './photo-cache.js';
import type { EvalSeed, Subject } from './population.js';
import { hashKey, randomFor } from './random.js';
import { measureTruth, reproductionErrors, truthNames, type TruthName } from './truth.js';

export const inputSets = ['front+height', 'front+side+height', 'front+side, no height'] as const;
export type InputSet = (typeof inputSets)[number];

/** The clothing class staff would choose for what the subject wears (the scan's `clothing` input). */
export const staffClothingChoice: Record<ClothingClass, ScanInput['clothing']> = {
  bare: 'tight',
  tight: 'tight',
  regular: 'regular',
  loose: 'loose',
  dress: 'dress',
};

/** What staff would say of the clothes and the shoes in the photos: the class they choose, and `flat` for any sole. */
export function staffInputs(subject: { clothing: ClothingClass; soleMm: number }): Pick<ScanInput, 'clothing' | 'shoes'> {
  return { clothing: staffClothingChoice[subject.clothing], shoes: subject.soleMm > 0 ? 'flat' : 'none' };
}

/**
 * What a repeat of some of the population's scans needs (photo-copies.ts, left-out-rescan.ts):
 * the pipeline, the population's records and photos, among how many first subjects, and where to
 * say how it goes.
 */
export interface RescanOptions {
  pipeline: Pipeline;
  subjects: SubjectRecord[];
  scans: ScanRecord[];
  photos: ReadonlyMap<string, { front: string; side: string }>;
  count: number;
  onProgress: (note: string) => void;
}

export interface SubjectRecord {
  id: string;
  sex: Subject['sex'];
  surveyRow: number;
  extreme: Subject['extreme'];
  statureCm: number;
  bmi: number;
  clothing: ClothingClass;
  soleMm: number;
  truth: Record<TruthName, number>;
  /** Truth − the subject's own survey figure (cm): how faithfully the construction reproduces them. */
  reproduction: Partial<Record<TruthName, number>>;
}

export interface ScanRecord {
  subjectId: string;
  pipeline: string;
  inputSet: InputSet;
  refusal: { code: string; message: string } | null;
  /** Accepted scans: each reported measurement the truth knows. */
  values: Partial<Record<TruthName, { truthCm: number; estimateCm: number; sdCm: number | null; method: string }>>;
  baseline: Partial<Record<TruthName, BaselineValue & { truthCm: number }>>;
}

export interface ScanProgressNote {
  subject: Subject;
  index: number;
  rendered: number;
  note: string;
}

export async function scanPopulation(options: {
  seed: EvalSeed;
  subjects: Subject[];
  pipelines: Pipeline[];
  stats: Record<Subject['sex'], ShapeStats>;
  renderer: MeshPhotoRenderer;
  cache: PhotoCache;
  onProgress: (note: ScanProgressNote) => void;
}): Promise<{
  subjects: SubjectRecord[];
  scans: ScanRecord[];
  renderedPhotos: number;
  photos: Map<string, { front: string; side: string }>;
}> {
  const subjectRecords: SubjectRecord[] = [];
  /** Each subject's cached photos, for scans of their copies (photo-copies.ts). */
  const photos = new Map<string, { front: string; side: string }>();
  const scans: ScanRecord[] = [];
  let renderedPhotos = 0;
  for (const [index, subject] of options.subjects.entries()) {
    const variation = drawShapeVariation(randomFor(options.seed, subject.id, 'shape'));
    const condition = drawCondition(options.seed, subject.id, index, subject.dims.stature!);
    const truth = measureTruth(buildBodyPlan(subject.dims, variation, viewPose(condition, 'front')), subject.dims);
    subjectRecords.push({
      id: subject.id,
      sex: subject.sex,
      surveyRow: subject.surveyRow,
      extreme: subject.extreme,
      statureCm: subject.statureCm,
      bmi: subject.bmi,
      clothing: condition.clothing,
      soleMm: condition.soleMm,
      truth,
      reproduction: reproductionErrors(truth, subject.dims),
    });
    const photo = async (view: View): Promise<string> => {
      const key = photoKey({ dims: subject.dims, variation, condition, view });
      const result = await options.cache.photo(subject.id, view, key, async () => {
        const mesh = buildScene(subject, variation, condition, view);
        return options.renderer.photograph(photoRequest(mesh, condition, view, hashKey(`${options.seed}/${subject.id}/${view}/noise`)));
      });
      if (result.rendered) renderedPhotos += 1;
      return result.path;
    };
    const frontPath = await photo('front');
    const sidePath = await photo('side');
    photos.set(subject.id, { front: frontPath, side: sidePath });
    for (const pipeline of options.pipelines) {
      for (const inputSet of inputSets) {
        const heightCm = inputSet === 'front+side, no height' ? null : truth.height;
        const input: ScanInput = {
          jobId: `${subject.id}-${inputSet}`,
          imagePath: frontPath,
          sideImagePath: inputSet === 'front+height' ? null : sidePath,
          gender: subject.sex,
          heightCm,
          ...staffInputs(condition),
        };
        const record: ScanRecord = {
          subjectId: subject.id,
          pipeline: pipeline.info.name,
          inputSet,
          refusal: null,
          values: {},
          baseline: {},
        };
        for (const name of truthNames) {
          const baseline = baselineValue(options.stats[subject.sex], name, heightCm);
          if (baseline) record.baseline[name] = { ...baseline, truthCm: truth[name] };
        }
        try {
          const result = await pipeline.run(input, () => {});
          for (const measurement of result.measurements) {
            if (!(truthNames as string[]).includes(measurement.name)) continue;
            const name = measurement.name as TruthName;
            record.values[name] = {
              truthCm: truth[name],
              estimateCm: measurement.valueCm,
              sdCm: measurement.sdCm,
              method: measurement.method,
            };
          }
        } catch (error) {
          if (!(error instanceof ScanRejectedError)) throw error;
          record.refusal = { code: error.code, message: error.message };
        }
        scans.push(record);
        const chest = record.values.chest;
        options.onProgress({
          subject,
          index,
          rendered: renderedPhotos,
          note: `${pipeline.info.name} ${inputSet}: ${record.refusal ? `refused ${record.refusal.code}` : `chest ${chest?.estimateCm.toFixed(1)} (truth ${truth.chest.toFixed(1)}) waist ${record.values.waist?.estimateCm.toFixed(1)} (${truth.waist.toFixed(1)}) hip ${record.values.hip?.estimateCm.toFixed(1)} (${truth.hip.toFixed(1)})`}`,
        });
      }
    }
  }
  return { subjects: subjectRecords, scans, renderedPhotos, photos };
}
