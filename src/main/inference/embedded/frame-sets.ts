import type { BodyModel } from '../../body/model.js';
import type { ShapeStats } from '../../body/shape-stats.js';
import { cameraStatureRelativeSd } from '../../calibration/camera-stature.js';
import type { Gender } from '../../jobs/types.js';
import type { ClothingClass } from '../../scans/capture-conditions.js';
import type { FrameObservation } from '../capture-checks/types.js';
import type { ScanInput } from '../pipeline.js';
import { measureFit } from './body-step.js';
import { cameraStatureStep, type CameraView } from './camera-stature-step.js';
import { assumedStatureSdLevel } from './fit-uncertainty.js';
import { openClassGirthSdCm, type GarmentEase } from './garment-ease.js';
import type { ViewFrames } from './scan-frames.js';
import type { SetFitter } from './set-fitter.js';
import type { SoleReading } from './shoe-sole.js';
import type { FitView, SilhouetteFit, SilhouetteFitInput } from './silhouette-fit.js';
import { skirtBand, skirtHiddenColumns } from './skirt-band.js';
import { floorRow, verticalExtent } from './vertical-extent.js';

/**
 * A frame set is a front frame, and a side frame when the scan has a side view: what a
 * single-photo scan fits. A burst has several; each is prepared (scale, floor, notes), fitted and
 * measured the same way, and the measurements are fused afterwards (frame-fusion.ts).
 */

/** The open model has male, female and neutral variants; the job's gender picks one. */
export function modelGender(gender: Gender): 'male' | 'female' | 'neutral' {
  return gender;
}

/**
 * Gauss–Newton steps of a burst's other frame sets, from the first set's betas: a frame a moment
 * later moves the fit less than the survey mean is from the customer. From the survey mean a fit
 * takes 5–8 steps to converge; on 20 dev subjects two steps from the first set's betas fused to a
 * girth MAE no worse than converged fits (front + side 3.26 → 3.20 cm, front 5.23 → 5.07 cm).
 */
const burstFitIterations = 2;

/** What every frame set of one scan shares, once the photos shown are accepted. */
/** A scan's input with its clothing class decided: staff's, or judged from the front photo. */
export type JudgedScanInput = Omit<ScanInput, 'clothing'> & { clothing: ClothingClass };

export interface ScanSetup {
  input: JudgedScanInput;
  stats: ShapeStats;
  /** Where the ears sit, as a share of stature (vertical-extent.ts). */
  earShare: number;
  model: BodyModel;
  ease: GarmentEase;
  /** The class was judged from the photo as clothed, not given: the customer may wear any class (garment-ease.ts `openClassGirthSdCm`). */
  classOpen: boolean;
  /** The shoe sole under the customer in every frame: as staff said, or assumed. */
  sole: SoleReading;
}

/**
 * One frame set up to its fit: the views' outlines, the floor, the stature that scales them and
 * the notes that say how. Only the first set's notes, warnings and floor line are kept: they
 * describe the photos shown to the customer.
 */
export function prepareFrameSet(setup: ScanSetup, frontFrame: FrameObservation, sideFrame: FrameObservation | null) {
  const { input, stats, ease } = setup;
  const statureIndex = stats.columns.indexOf('stature');
  const notes: string[] = [];
  const views: FitView[] = [];
  const cameraViews: CameraView[] = [];
  for (const observation of [frontFrame, sideFrame]) {
    if (!observation?.silhouette) continue;
    const extent = verticalExtent(observation.silhouette, observation.body, setup.earShare);
    if (observation === frontFrame) notes.push(...extent.notes);
    const floor = floorRow(observation.silhouette, observation.body);
    const fitView: FitView = {
      view: observation.view,
      silhouette: observation.silhouette,
      body: observation.body,
      imageWidth: observation.imageWidth,
      imageHeight: observation.imageHeight,
      topY: extent.topY,
      floorY: floor.y,
      floorAt: floor.at,
    };
    views.push(fitView);
    cameraViews.push({ ...fitView, outline: observation.outline ?? null });
  }
  const frontView = views.find((view) => view.view === 'front');
  const camera = cameraStatureStep({
    calibration: input.calibration ?? null,
    typedHeightCm: input.heightCm,
    views: cameraViews,
    soleCm: setup.sole.soleCm,
  });
  notes.push(...camera.notes);
  const heightAssumed = input.heightCm === null && camera.statureCm === null;
  const statureCm = input.heightCm ?? camera.statureCm ?? stats.mean[statureIndex]! / 10;
  const scaleRelativeSd =
    input.heightCm !== null
      ? 0
      : camera.statureCm !== null
        ? cameraStatureRelativeSd
        : (stats.sd[statureIndex]! / stats.mean[statureIndex]!) * assumedStatureSdLevel(stats.sex);
  if (heightAssumed) {
    const people = stats.sex === 'neutral' ? 'adults' : `${stats.sex}s`;
    notes.push(
      `Height not given: the scale assumes the survey's mean stature for ${people} (${statureCm.toFixed(1)} cm, ANSUR II); ` +
        `every measurement's confidence includes ±${(scaleRelativeSd * 100).toFixed(1)}% for it. ` +
        "Enter the customer's height for exact sizes.",
    );
  }
  if (!sideFrame) notes.push('No side photo: body depths come from the front outline and the survey, and their confidence is wider.');
  notes.push(
    `Clothing ${input.clothing}: outlines are taken ${ease.easeCm} cm inside the clothes' edge; tight clothes give the closest figures.`,
  );
  const hiddenBand = ease.hides === 'waist_to_knee' && frontView ? skirtBand(frontView) : null;
  if (hiddenBand) {
    notes.push(
      'Dress or skirt: the waist is read above the skirt; nothing is read from the outline between there and ' +
        'the hem, so hip, thigh and inseam come from the survey given what is seen, and are marked regressed.',
    );
  }
  return { frontFrame, views, frontView, camera, statureCm, scaleRelativeSd, heightAssumed, hiddenBand, notes };
}

export type PreparedFrameSet = ReturnType<typeof prepareFrameSet>;

/**
 * What the avatar's notes say of a photo the capture checks accepted but the fit could not outline
 * (BlazePose placed neither shoulders and hips nor legs well enough to anchor its rows): the
 * figures then come from the other photo alone, with that photo's confidence.
 */
export function uncomparedViewNotes(views: readonly FitView[], fit: SilhouetteFit): string[] {
  const compared = new Set(fit.views.map((view) => view.view));
  return views
    .filter((view) => !compared.has(view.view))
    .map(
      (view) =>
        `The ${view.view} photo's outline could not be compared (the body's keypoints were not found well enough in it): ` +
        `the figures come from the ${view.view === 'side' ? 'front' : 'side'} photo alone, with its confidence.`,
    );
}

/** Where a set's fit starts: the survey mean (null), another set's betas and legs' turns for a few steps, or not at all. */
type FitStart = NonNullable<SilhouetteFitInput['start']> | 'skip' | null;

/**
 * The set's fit to the silhouettes (null: the body could not be outlined, or skipped); with a side
 * photo, the front photo fitted alone as well (front-alone-hip.ts).
 */
async function fitFrameSet(setup: ScanSetup, fitter: SetFitter, set: PreparedFrameSet, start: FitStart, frontAloneStart: FitStart) {
  const { input, model, ease, sole } = setup;
  const fitViews = (views: FitView[], from: FitStart): Promise<SilhouetteFit | null> =>
    from === 'skip'
      ? Promise.resolve(null)
      : fitter.fit(
          modelGender(input.gender),
          {
            views,
            statureM: set.statureCm / 100,
            soleM: sole.soleCm / 100,
            easeM: ease.easeCm / 100,
            sideEaseM: ease.sideEaseCm / 100,
            legEaseM: ease.legEaseCm / 100,
            hiddenBand: set.hiddenBand,
            ...(from ? { start: from } : {}),
          },
          model,
        );
  const frontViews = set.views.filter((view) => view.view === 'front');
  const fit = await fitViews(set.views, start);
  // Only where the fit compared the profile too: a profile it could not outline leaves the front photo's fit alone.
  const frontAloneFit = fit?.views.some((view) => view.view !== 'front') ? await fitViews(frontViews, frontAloneStart) : null;
  return { ...set, fit, frontAloneFit };
}

/** Two Gauss–Newton steps from a first set's fit (its betas, legs' turns and sway), as `burstFitIterations` says. */
function fromFirstSet(first: SilhouetteFit | null): FitStart {
  if (!first) return 'skip';
  return {
    betas: first.betas,
    maxIterations: burstFitIterations,
    legTurnsRad: Object.fromEntries(first.views.map((view) => [view.view, view.legTurnsRad])),
    swayM: first.views.find((view) => view.view === 'side')?.swayM ?? [],
  };
}

export type FittedFrameSet = Awaited<ReturnType<typeof fitFrameSet>>;

/**
 * The fits of one scan's frame sets, started as their frames are looked at: the first from the
 * survey mean; the others show the same customer a moment later and start from the first's betas
 * (a scan whose first set cannot be fitted is refused, so theirs are not fitted then).
 */
export class FrameSetFits {
  readonly fits: Promise<FittedFrameSet>[] = [];

  constructor(
    readonly setup: ScanSetup,
    private readonly fitter: SetFitter,
    /** The first set is prepared: its notes are the scan's, and fitting starts. */
    private readonly onFirstSet: (set: PreparedFrameSet) => void,
  ) {}

  /** Prepares the next set and starts its fit. */
  add(frontFrame: FrameObservation, sideFrame: FrameObservation | null): void {
    const set = prepareFrameSet(this.setup, frontFrame, sideFrame);
    const first = this.fits[0];
    let fitted: Promise<FittedFrameSet>;
    if (first) {
      fitted = first.then((firstSet) =>
        fitFrameSet(this.setup, this.fitter, set, fromFirstSet(firstSet.fit), fromFirstSet(firstSet.frontAloneFit)),
      );
    } else {
      this.onFirstSet(set);
      fitted = fitFrameSet(this.setup, this.fitter, set, null, null);
    }
    // Awaited after the frames are looked at; a scan that fails before must not leave it unhandled.
    fitted.catch(() => undefined);
    this.fits.push(fitted);
  }

  /** Starts every set whose frames are all looked at: set i is front frame i with side frame i. */
  startReady(usable: ViewFrames, hasSide: boolean): void {
    const ready = hasSide ? Math.min(usable.front.length, usable.side.length) : usable.front.length;
    while (this.fits.length < ready) this.add(usable.front[this.fits.length]!, usable.side[this.fits.length] ?? null);
  }

  /**
   * As many sets as the longer burst: the shorter view's frames are reused in turn. Each view's
   * first frame is always usable (a refused one fails the scan), so no usable side frame means no
   * side photo.
   */
  startRemaining(usable: ViewFrames): void {
    const count = Math.max(usable.front.length, usable.side.length);
    for (let index = this.fits.length; index < count; index++) {
      this.add(usable.front[index % usable.front.length]!, usable.side.length > 0 ? usable.side[index % usable.side.length]! : null);
    }
  }

  /** Each set measured as its fit arrives (the sets fitted while later frames were looked at are measured while the last ones fit). */
  async measure() {
    const { model, stats, input, ease } = this.setup;
    const measured: ReturnType<typeof measureFit>[] = [];
    let unfitted = 0;
    for (const pending of this.fits) {
      const set = await pending;
      if (!set.fit) {
        unfitted += 1;
        continue;
      }
      measured.push(
        measureFit({
          model,
          stats,
          gender: input.gender,
          evidence: {
            fit: set.fit,
            garmentGirthSdCm: ease.girthSdCm,
            openClassGirthSdCm: this.setup.classOpen ? openClassGirthSdCm : null,
            // A camera's stature already carries the sole's error (its SD is the whole reading's); a typed or assumed one does not.
            scaleRelativeSd:
              set.camera.statureCm !== null ? set.scaleRelativeSd : Math.hypot(set.scaleRelativeSd, this.setup.sole.sdCm / set.statureCm),
            hiddenColumns: set.hiddenBand ? skirtHiddenColumns : [],
            heightAssumed: set.heightAssumed,
            drapedGirths: ease.drapes,
            clothing: input.clothing,
            frontAloneFit: set.frontAloneFit,
          },
          bodyPose: set.fit.views.find((view) => view.view === 'front')?.pose.bodyPose ?? new Float64Array(69),
        }),
      );
    }
    return { measured, unfitted };
  }
}
