import type { FrameObservation, CaptureView } from '../../src/main/inference/capture-checks/types.js';
import type { PhotoCopy } from './photo-copies.js';

/** One line of out/eval-photo-study.jsonl (eval-photo-study.ts writes it, eval-photo-report.ts reads it). */

export type PhotoVariant = 'original' | PhotoCopy;
export const girthNames = ['chest', 'waist', 'hip'] as const;
export type GirthName = (typeof girthNames)[number];

/** One subject's record (a line of the output). */
export interface StudySubject {
  id: string;
  sex: 'female' | 'male';
  bmi: number;
  clothing: string;
  /** The pose drawn for the front photo (degrees). */
  front: { armAbductionDeg: number; elbowFlexDeg: number };
  truth: Record<GirthName, number>;
  /** Human's observation of each view and variant (the checks' whole input) and its timings. */
  observations: Array<{
    view: CaptureView;
    variant: PhotoVariant;
    /** The scan's observation (both looks: the photo and its mirror image). */
    observation: FrameObservation;
    /** The first look alone (the photo's own BlazePose answer and mask): the live check stops here when it suffices. */
    firstLook?: FrameObservation;
    /** Milliseconds of BlazePose and of the whole observation, both looks. */
    bodyMs: number;
    totalMs: number;
  }>;
  /** Pipeline scans with the arm rule off; `variant` is the copy used for both photos. */
  scans: Array<{
    inputSet: 'front+height' | 'front+side+height';
    variant: PhotoVariant;
    refusal: string | null;
    girths: Partial<Record<GirthName, number>>;
  }>;
}
