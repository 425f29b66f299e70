import { linearPosedBody, posedVertices, type LinearPosedBody } from '../../body/linear-pose.js';
import { isClosedSurface } from '../../body/mesh-validity.js';
import { solveSpd } from '../../body/matrix.js';
import type { BodyModel } from '../../body/model.js';
import { regressJoints, verticalSpan } from '../../body/shape.js';
import { jointIndex } from '../../body/skeleton.js';
import { torsoAxis } from '../capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { BodyPose } from '../human/human-runtime.js';
import { calibratePhotoCamera, metresPerPixel, projectX, projectY, type PhotoCamera } from './kiosk-camera.js';
import { legTurnBasis, legTurnSdRad, turnLegs, type LegTurnBasis } from './leg-turns.js';
import { photoPose, type PhotoPose } from './photo-pose.js';
import { armJoined, rowArms, torsoEdgeInMask, type RowArms } from './merged-arms.js';
import { inHiddenBand, type HiddenBand } from './skirt-band.js';
import {
  anchorGapPx,
  frontLegLines,
  maskRuns,
  modelRuns,
  runContaining,
  sampleRows,
  type EdgeRegion,
  type EdgeSource,
  type FacesDrawn,
  type LegLine,
  type ModelRun,
  type RowRun,
  type SampleRow,
} from './silhouette-edges.js';

/**
 * Analysis by synthesis: the body model's betas that make its silhouette, posed as in each photo
 * and drawn by the kiosk camera, match the person mask row by row (the outline's left and right
 * ends at every sampled row of the neck, torso and legs). For a fixed pose the posed vertices are
 * linear in the betas, so each outline point moves with the shape directions of the triangle edge
 * that makes it: Gauss–Newton on those, relinearised a few times, with robust (Cauchy) weights so
 * that rows where an arm joins the torso or a garment flares do not pull the body, the survey
 * prior β ~ N(0, I) as a weak regulariser, and the model's stature held to the customer's.
 */

export interface FitView {
  view: 'front' | 'side';
  silhouette: PersonSilhouette;
  body: BodyPose | null;
  imageWidth: number;
  imageHeight: number;
  /** Photo rows of the top of the head and of the floor line. */
  topY: number;
  floorY: number;
  /**
   * What stands on the floor row: `sole` when it is the mask's lowest row (the sole point nearest
   * the camera, the toes in a front photo), `heel` when it is the heels' keypoints (a mask that
   * runs into a shadow).
   */
  floorAt: 'sole' | 'heel';
}

export interface SilhouetteFitInput {
  model: BodyModel;
  views: readonly FitView[];
  /** The customer's stature without shoes (metres). */
  statureM: number;
  /** Shoe sole under the feet in the photos (metres). */
  soleM: number;
  /**
   * Garment thickness and ease outside the skin at each outline point of the torso (and of the
   * legs, unless `legEaseM` says otherwise; metres).
   */
  easeM: number;
  /**
   * The same at the torso's outline in a profile photo (metres), where a top hangs off the chest
   * and the shoulder blades; `easeM` if not given.
   */
  sideEaseM?: number;
  /** The same at the legs' outline points (metres): bare legs under a skirt, trousers otherwise. */
  legEaseM?: number;
  /** A band of the body a garment hides (a skirt): no outline point in it is compared. */
  hiddenBand?: HiddenBand | null;
  /**
   * Where to start and how long to go on: a burst's other frames start from its first fit of the
   * same customer (betas, its legs' turns per view and its profile's sway), and take a few steps from there instead
   * of converging from the survey mean.
   */
  start?: { betas: Float64Array; maxIterations: number; legTurnsRad?: Partial<Record<'front' | 'side', number[]>>; swayM?: number[] };
}

export interface ViewFit {
  view: 'front' | 'side';
  camera: PhotoCamera;
  pose: PhotoPose;
  /** Outline points compared, and how many of them the fit kept (not set aside as outliers). */
  edgeCount: number;
  inlierCount: number;
  /** RMS of the kept outline points' distance from the model's outline (cm, in the body's plane). */
  residualRmsCm: number;
  /** Mean signed distance of the kept points (cm): positive when the mask is wider than the model. */
  residualMeanCm: number;
  /** The body's sideways offset in the photo (pixels). */
  shiftPx: number;
  /** The legs' fitted turns (radians, the model's right leg then its left; none when the view had no legs to turn). */
  legTurnsRad: number[];
  /** The profile's sway coefficients (metres; none for a front view). */
  swayM: number[];
  /** Each compared outline point: its part, its height above the floor, and how much wider the mask is there than the model (metres). */
  outline: OutlinePoint[];
}

export interface OutlinePoint {
  region: EdgeRegion;
  heightM: number;
  widerM: number;
  /** Which end of the row's run: −1 the near (start) end, +1 the far end. */
  outward: 1 | -1;
  /** The model's outline is its arm there, not its trunk. */
  onArm: boolean;
}

export interface SilhouetteFit {
  betas: Float64Array;
  /** Posterior covariance of the betas (B×B, row-major), from the kept points' weights and residuals. */
  betaCovariance: Float64Array;
  /** Betas from each view alone (its outline, the stature and the prior), one Gauss–Newton step from the joint fit. */
  viewBetas: Float64Array[];
  views: ViewFit[];
  iterations: number;
}

/**
 * How far one outline point is trusted (metres): mask edges, the garment over the skin, arms and
 * hands near the outline, and a body the model cannot follow exactly; on the dev seed the outline
 * points disagree with the fitted model by 1–3 cm, and trusting them more pulled every girth up.
 */
const edgeSdM = 0.03;
/** Neighbouring rows are not independent: an outline point counts as this much of a stature-length sample. */
const correlationLengthM = 0.03;
/** Scale of the Cauchy weights (metres): points further off than this count less and less. */
const robustScaleM = 0.015;
/** A kept (inlier) point is within this many robust scales. */
const inlierScales = 2;
/** The model's stature is held to the customer's within this (metres). */
const statureSdM = 0.003;
/** Weight of the survey prior β ~ N(0, I): 1 is the survey itself. */
const priorWeight = 1;
const maxIterations = 12;
/** A step this small in every beta ends the iterations. */
const convergedStep = 0.01;
/** Largest change of one beta per step: the outline is only locally linear. */
const maxStep = 3;
/** The profile's sway coefficients' prior SD (metres); chosen on the dev seed. */
const swaySdM = 0.05;
/** Largest change of a sway coefficient per step (metres). */
const maxSwayStepM = 0.02;
/** Largest change of a leg's turn per step (radians). */
const maxTurnStepRad = (2 * Math.PI) / 180;

interface PreparedView {
  input: FitView;
  camera: PhotoCamera;
  pose: PhotoPose;
  linear: LinearPosedBody;
  rows: SampleRow[];
  rowYs: number[];
  maskRuns: RowRun[][];
  /** Front torso rows: where the arms cross them (merged-arms.ts). */
  arms: (RowArms | null)[];
  gapPx: number;
  metresPerPx: number;
  faces: Uint32Array;
  /** The model's triangles its runs are drawn from: those facing the camera where its surface is closed. */
  facesDrawn: FacesDrawn;
  /** 1 for each model vertex skinned mostly to an arm (shoulder to hand): an outline point there is the arm's, not the trunk's. */
  armVertices: Uint8Array;
  /** The garment's ease at each torso outline point, and at each leg outline point, photo pixels. */
  easePx: number;
  legEasePx: number;
  /** Initial sideways offset: the model's pelvis under the keypoints' hip midpoint. */
  initialShiftPx: number;
  /** Front view: the legs as the keypoints and the mask place them, each turned further by a fitted angle (leg-turns.ts). */
  legs: LegLine[] | null;
  legTurns: LegTurnBasis | null;
}

interface Observation {
  view: number;
  region: EdgeRegion;
  residualM: number;
  /** Height above the floor of the model's outline point the mask's is compared with (metres). */
  heightM: number;
  /** +1 on the outline's far end (x grows outward), −1 on its near end: residual × outward > 0 when the mask is wider. */
  outward: 1 | -1;
  /** The model's outline point is on its arm. */
  onArm: boolean;
  /** d(model outline x)/d(parameter), metres, over betas then each view's shift. */
  jacobian: Float64Array;
}

/**
 * How far the crown and the floor row's sole point are in front of the body's plane (metres), for
 * the model in its photo pose at the mean shape: the photo's top row is the crown; its floor row is
 * the sole point nearest the camera (which the camera, above the floor, sees lowest), or the nearer
 * heel (the rearmost sole point of each foot) when the floor row comes from the heels' keypoints.
 */
function crownAndFloorDepths(
  model: BodyModel,
  linear: LinearPosedBody,
  floorAt: FitView['floorAt'],
): { crownDepthM: number; heelDepthM: number } {
  const V = model.vertexCount;
  let floor = Infinity;
  let top = 0;
  for (let v = 0; v < V; v++) {
    floor = Math.min(floor, model.vTemplate[v * 3 + 1]!);
    if (linear.base[v * 3 + 1]! > linear.base[top * 3 + 1]!) top = v;
  }
  const sole = (v: number): boolean => model.vTemplate[v * 3 + 1]! <= floor + 0.015;
  let floorDepth = -Infinity;
  if (floorAt === 'sole') {
    for (let v = 0; v < V; v++) if (sole(v)) floorDepth = Math.max(floorDepth, linear.base[v * 3 + 2]!);
  } else {
    for (const side of [1, -1]) {
      let heel = -1;
      for (let v = 0; v < V; v++) {
        if (Math.sign(model.vTemplate[v * 3]!) !== side || !sole(v)) continue;
        if (heel < 0 || model.vTemplate[v * 3 + 2]! < model.vTemplate[heel * 3 + 2]!) heel = v;
      }
      if (heel >= 0) floorDepth = Math.max(floorDepth, linear.base[heel * 3 + 2]!);
    }
  }
  return { crownDepthM: linear.base[top * 3 + 2]!, heelDepthM: Number.isFinite(floorDepth) ? floorDepth : 0 };
}

/**
 * The posed bodies last linearised (any model): a front + side set's front photo is fitted again
 * alone, in the same pose, right after the pair. Two are kept, about 2.8 MB each, in each thread
 * that fits.
 */
const recentLinearBodies: { model: BodyModel; key: string; body: LinearPosedBody }[] = [];
const keptLinearBodies = 2;

/** `linearPosedBody` for the pose, or the same model and pose's from a fit just before. */
function linearBodyInPose(model: BodyModel, pose: PhotoPose): LinearPosedBody {
  const key = `${pose.globalOrient.join()}|${pose.bodyPose.join()}`;
  const known = recentLinearBodies.find((entry) => entry.model === model && entry.key === key);
  if (known) return known.body;
  const body = linearPosedBody(model, pose);
  recentLinearBodies.unshift({ model, key, body });
  recentLinearBodies.length = Math.min(recentLinearBodies.length, keptLinearBodies);
  return body;
}

function prepareView(
  model: BodyModel,
  input: FitView,
  statureM: number,
  soleM: number,
  easeM: number,
  legEaseM: number,
  hiddenBand: HiddenBand | null,
): PreparedView | null {
  const staturePx = input.floorY - input.topY;
  const legs = input.view === 'front' ? frontLegLines(input.silhouette, input.body, staturePx) : null;
  const pose = photoPose(model, input.body, input.view, legs);
  const linear = linearBodyInPose(model, pose);
  const camera = calibratePhotoCamera({
    imageWidth: input.imageWidth,
    imageHeight: input.imageHeight,
    topY: input.topY,
    floorY: input.floorY,
    statureM: statureM + soleM,
    ...crownAndFloorDepths(model, linear, input.floorAt),
  });
  // Rows a skirt hides show the skirt: they are not compared at all (the prior and what is seen elsewhere fill them).
  const rows = sampleRows(input.silhouette, input.body, input.view, staturePx, input.floorY).filter(
    (row) => !hiddenBand || !inHiddenBand(hiddenBand, input, row.y),
  );
  const torso = torsoAxis(input.body, input.view === 'side' ? 0.3 : undefined);
  if (rows.length === 0 || !torso) return null;
  const pelvis = regressJoints(model, model.vTemplate);
  const [px, , pz] = rotateY(pelvis[0]!, pelvis[1]!, pelvis[2]!, pose.globalOrient[1]!);
  const runs = rows.map((row) => maskRuns(input.silhouette, row.y));
  return {
    input,
    camera,
    pose,
    linear,
    rows,
    rowYs: rows.map((row) => row.y),
    maskRuns: runs,
    arms: rowArms(input.view, input.body, rows, runs, staturePx),
    gapPx: anchorGapPx(staturePx),
    metresPerPx: metresPerPixel(camera),
    faces: model.faces,
    facesDrawn: isClosedSurface(model.faces) ? 'facing_camera' : 'all',
    armVertices: armVerticesOf(model),
    easePx: easeM / metresPerPixel(camera),
    legEasePx: legEaseM / metresPerPixel(camera),
    initialShiftPx: torso.hipMid.x - projectX(camera, px, pz).px,
    legs,
    legTurns: legs && legs.length === 2 ? legTurnBasis(model) : null,
  };
}

const armJoints = (
  ['left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hand', 'right_hand'] as const
).map(jointIndex);
const armVerticesByModel = new WeakMap<BodyModel, Uint8Array>();

function armVerticesOf(model: BodyModel): Uint8Array {
  const known = armVerticesByModel.get(model);
  if (known) return known;
  const V = model.vertexCount;
  const J = model.weights.length / V;
  const arm = new Uint8Array(V);
  for (let v = 0; v < V; v++) arm[v] = armJoints.reduce((sum, joint) => sum + model.weights[v * J + joint]!, 0) > 0.5 ? 1 : 0;
  armVerticesByModel.set(model, arm);
  return arm;
}

function rotateY(x: number, y: number, z: number, angle: number): [number, number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [c * x + s * z, y, -s * x + c * z];
}

/**
 * Where a profile's sway sits among the fit's parameters, and its coefficients (metres). A person's
 * trunk leans and sways and carries the belly centimetres ahead of the model's centre line, which
 * the side pose from keypoints cannot follow; without it the robust weights keep the profile row's
 * end nearer the model and drop the other, and the depth comes out short.
 */
interface ViewSway {
  index: number;
  coefficients: number[];
}

/**
 * Each sway coefficient's share of the profile's offset at this height above the floor: a cubic in
 * the height about 1 m, with no constant term (that is the view's shift).
 */
function swayPowers(heightM: number): number[] {
  const u = (heightM - 1) / 0.5;
  return [u, u * u, u * u * u];
}

/** Where one view's leg turns sit among the fit's parameters, and their current values. */
interface ViewTurns {
  index: number;
  turns: number[];
}

/** The outline points of one view for the current betas, shift and leg turns, linearised. */
function observe(
  view: PreparedView,
  viewIndex: number,
  parameterCount: number,
  betas: Float64Array,
  shiftPx: number,
  soleM: number,
  legTurns: ViewTurns | null,
  sway: ViewSway | null,
): Observation[] {
  const { camera, linear } = view;
  const B = linear.betaCount;
  const V = linear.vertexCount;
  const vertices = posedVertices(linear, betas);
  // The beta directions are those of the legs before the turn: a turn of a few degrees barely changes them.
  const turnDerivatives = view.legTurns && legTurns ? turnLegs(vertices, view.legTurns, legTurns.turns) : null;
  const { floorY } = verticalSpan(vertices);
  const lift = soleM - floorY;
  const projected = new Float64Array(V * 2);
  const dxdX = new Float64Array(V);
  const dxdZ = new Float64Array(V);
  for (let v = 0; v < V; v++) {
    const x = vertices[v * 3]!;
    const z = vertices[v * 3 + 2]!;
    const column = projectX(camera, x, z, shiftPx);
    const swayM = sway ? swayPowers(vertices[v * 3 + 1]! - floorY).reduce((sum, power, k) => sum + power * sway.coefficients[k]!, 0) : 0;
    projected[v * 2] = column.px + swayM / view.metresPerPx;
    projected[v * 2 + 1] = projectY(camera, vertices[v * 3 + 1]! + lift, z);
    dxdX[v] = column.dx;
    dxdZ[v] = column.dz;
  }
  const runs = modelRuns(projected, view.faces, view.rowYs, view.facesDrawn);
  const observations: Observation[] = [];
  const { directions } = linear;
  const { metresPerPx } = view;
  const pointJacobian = (source: EdgeSource): Float64Array => {
    const jacobian = new Float64Array(parameterCount);
    const add = (vertex: number, share: number): void => {
      const rowX = vertex * 3 * B;
      const rowZ = (vertex * 3 + 2) * B;
      const dx = dxdX[vertex]!;
      const dz = dxdZ[vertex]!;
      for (let b = 0; b < B; b++)
        jacobian[b] = jacobian[b]! + share * (dx * directions[rowX + b]! + dz * directions[rowZ + b]!) * metresPerPx;
    };
    add(source.a, 1 - source.t);
    add(source.b, source.t);
    jacobian[B + viewIndex] = metresPerPx;
    if (sway) swayPowers(heightOf(source)).forEach((power, k) => (jacobian[sway.index + k] = power));
    if (turnDerivatives && legTurns)
      turnDerivatives.forEach((derivative, k) => {
        jacobian[legTurns.index + k] =
          ((1 - source.t) * dxdX[source.a]! * derivative[source.a]! + source.t * dxdX[source.b]! * derivative[source.b]!) * metresPerPx;
      });
    return jacobian;
  };
  const onArm = (source: EdgeSource): boolean => view.armVertices[source.t < 0.5 ? source.a : source.b] === 1;
  /** Height above the posed body's floor of the model's outline point (metres). */
  const heightOf = (source: EdgeSource): number =>
    (1 - source.t) * vertices[source.a * 3 + 1]! + source.t * vertices[source.b * 3 + 1]! - floorY;
  view.rows.forEach((row, r) => {
    const maskRowRuns = view.maskRuns[r]!;
    const modelRowRuns = runs[r]!;
    const masks = row.anchors.map((anchor) => runContaining(maskRowRuns, anchor, view.gapPx));
    const models = row.anchors.map((anchor) => runContaining(modelRowRuns, anchor, view.gapPx));
    const ease = row.region === 'neck' ? 0 : row.region === 'legs' ? view.legEasePx : view.easePx;
    row.anchors.forEach((_, k) => {
      const mask = masks[k];
      const model: ModelRun | null | undefined = models[k];
      if (!mask || !model) return;
      const sharedLeft = k > 0 && (masks[k - 1] === mask || models[k - 1] === model);
      const sharedRight = k < row.anchors.length - 1 && (masks[k + 1] === mask || models[k + 1] === model);
      // Where the model's own arm joins its torso run, outer edges are compared as they are.
      const arms = view.arms[r] ?? null;
      const start = armJoined(model, arms?.start ?? null) ? mask.start : torsoEdgeInMask(mask, arms?.start ?? null, 'start');
      const end = armJoined(model, arms?.end ?? null) ? mask.end : torsoEdgeInMask(mask, arms?.end ?? null, 'end');
      if (!sharedLeft && start !== null) {
        observations.push({
          view: viewIndex,
          region: row.region,
          residualM: (start + ease - model.start) * view.metresPerPx,
          heightM: heightOf(model.startSource),
          outward: -1,
          onArm: onArm(model.startSource),
          jacobian: pointJacobian(model.startSource),
        });
      }
      if (!sharedRight && end !== null) {
        observations.push({
          view: viewIndex,
          region: row.region,
          residualM: (end - ease - model.end) * view.metresPerPx,
          heightM: heightOf(model.endSource),
          outward: 1,
          onArm: onArm(model.endSource),
          jacobian: pointJacobian(model.endSource),
        });
      }
    });
  });
  return observations;
}

/**
 * T-pose stature of the betas and its gradient (metres per beta): the highest vertex minus the
 * lowest. Only the heights are shaped, as body/shape.ts's shapeBody shapes them (float32, beta by beta).
 */
function statureOf(model: BodyModel, betas: Float64Array): { statureM: number; gradient: Float64Array } {
  const B = model.betaCount;
  const count = Math.min(B, betas.length);
  const { vTemplate, shapedirs } = model;
  let top = 0;
  let bottom = 0;
  let topY = -Infinity;
  let bottomY = Infinity;
  for (let v = 0; v < model.vertexCount; v++) {
    let y = Math.fround(vTemplate[v * 3 + 1]!);
    const row = (v * 3 + 1) * B;
    for (let b = 0; b < count; b++) {
      const beta = betas[b]!;
      if (beta !== 0) y = Math.fround(y + shapedirs[row + b]! * beta);
    }
    if (v === 0 || y > topY) {
      top = v;
      topY = y;
    }
    if (v === 0 || y < bottomY) {
      bottom = v;
      bottomY = y;
    }
  }
  const gradient = new Float64Array(B);
  for (let b = 0; b < B; b++) gradient[b] = shapedirs[(top * 3 + 1) * B + b]! - shapedirs[(bottom * 3 + 1) * B + b]!;
  return { statureM: topY - bottomY, gradient };
}

function cauchyWeight(residualM: number): number {
  return 1 / (1 + (residualM / robustScaleM) ** 2);
}

/**
 * Fits the betas to the silhouettes of every view. Returns null when no view has the keypoints
 * the rows need (shoulders, hips, knees or ankles).
 */
export function fitSilhouettes(input: SilhouetteFitInput): SilhouetteFit | null {
  const { model } = input;
  const prepared = input.views
    .map((view) =>
      prepareView(
        model,
        view,
        input.statureM,
        input.soleM,
        view.view === 'side' ? (input.sideEaseM ?? input.easeM) : input.easeM,
        input.legEaseM ?? input.easeM,
        input.hiddenBand ?? null,
      ),
    )
    .filter((view): view is PreparedView => view !== null);
  if (prepared.length === 0) return null;
  const B = model.betaCount;
  let P = B + prepared.length;
  const viewTurns: (ViewTurns | null)[] = prepared.map((view) => {
    if (!view.legTurns) return null;
    // A start from a set whose view had no legs to turn has none: this view's legs start as read.
    const start = input.start?.legTurnsRad?.[view.input.view];
    const turns = { index: P, turns: start?.length === 2 ? [...start] : [0, 0] };
    P += 2;
    return turns;
  });
  const viewSways: (ViewSway | null)[] = prepared.map((view) => {
    if (view.input.view !== 'side') return null;
    const start = input.start?.swayM;
    const sway = { index: P, coefficients: start?.length === 3 ? [...start] : [0, 0, 0] };
    P += 3;
    return sway;
  });
  const betas = input.start ? Float64Array.from(input.start.betas) : new Float64Array(B);
  const iterationLimit = input.start?.maxIterations ?? maxIterations;
  const shifts = prepared.map((view) => view.initialShiftPx);
  const rowWeight = prepared.map((view) => {
    const spacingM = view.rows.length > 1 ? Math.abs(view.rows[1]!.y - view.rows[0]!.y) * view.metresPerPx : correlationLengthM;
    return Math.min(1, spacingM / correlationLengthM) / edgeSdM ** 2;
  });
  /**
   * Normal equations of the observations `include` keeps, the stature and the prior, at the current
   * betas. Only the matrix's lower triangle is filled: it is symmetric, and solveSpd reads no other.
   */
  const normalEquations = (
    observations: readonly Observation[],
    include: (observation: Observation) => boolean,
  ): { normal: Float64Array; gradient: Float64Array } => {
    const normal = new Float64Array(P * P);
    const gradient = new Float64Array(P);
    for (const observation of observations) {
      if (!include(observation)) continue;
      const weight = rowWeight[observation.view]! * cauchyWeight(observation.residualM);
      const j = observation.jacobian;
      for (let p = 0; p < P; p++) {
        const jp = j[p]!;
        if (jp === 0) continue;
        gradient[p] = gradient[p]! + weight * jp * observation.residualM;
        for (let q = 0; q <= p; q++) normal[p * P + q] = normal[p * P + q]! + weight * jp * j[q]!;
      }
    }
    const stature = statureOf(model, betas);
    const statureWeight = 1 / statureSdM ** 2;
    for (let p = 0; p < B; p++) {
      gradient[p] = gradient[p]! + statureWeight * stature.gradient[p]! * (input.statureM - stature.statureM) - priorWeight * betas[p]!;
      normal[p * P + p] = normal[p * P + p]! + priorWeight;
      for (let q = 0; q <= p; q++) normal[p * P + q] = normal[p * P + q]! + statureWeight * stature.gradient[p]! * stature.gradient[q]!;
    }
    // A shift no row constrains (a view left out) still needs a finite step.
    for (let p = B; p < B + prepared.length; p++) normal[p * P + p] = normal[p * P + p]! + 1e-6;
    // The sway is held near a straight profile, the leg turns near the keypoints' pose.
    const holdNearZero = (index: number, values: readonly number[], sd: number): void =>
      values.forEach((value, k) => {
        const p = index + k;
        gradient[p] = gradient[p]! - value / sd ** 2;
        normal[p * P + p] = normal[p * P + p]! + 1 / sd ** 2;
      });
    for (const sway of viewSways) if (sway) holdNearZero(sway.index, sway.coefficients, swaySdM);
    for (const turns of viewTurns) if (turns) holdNearZero(turns.index, turns.turns, legTurnSdRad);
    return { normal, gradient };
  };
  let observations: Observation[] = [];
  let iterations = 0;
  for (; iterations < iterationLimit; iterations++) {
    observations = prepared.flatMap((view, index) =>
      observe(view, index, P, betas, shifts[index]!, input.soleM, viewTurns[index]!, viewSways[index]!),
    );
    const { normal, gradient } = normalEquations(observations, () => true);
    const step = solveSpd(normal, P, gradient);
    let largest = 0;
    for (let p = 0; p < B; p++) {
      const delta = Math.max(-maxStep, Math.min(maxStep, step[p]!));
      betas[p] = betas[p]! + delta;
      largest = Math.max(largest, Math.abs(delta));
    }
    prepared.forEach((_, index) => (shifts[index] = shifts[index]! + step[B + index]!));
    for (const sway of viewSways) {
      if (!sway) continue;
      sway.coefficients = sway.coefficients.map(
        (coefficient, k) => coefficient + Math.max(-maxSwayStepM, Math.min(maxSwayStepM, step[sway.index + k]!)),
      );
    }
    for (const turns of viewTurns) {
      if (!turns) continue;
      turns.turns = turns.turns.map((turn, k) => turn + Math.max(-maxTurnStepRad, Math.min(maxTurnStepRad, step[turns.index + k]!)));
    }
    if (largest < convergedStep) {
      iterations += 1;
      break;
    }
  }
  observations = prepared.flatMap((view, index) =>
    observe(view, index, P, betas, shifts[index]!, input.soleM, viewTurns[index]!, viewSways[index]!),
  );
  const { normal } = normalEquations(observations, () => true);
  const viewBetas = prepared.map((_, index) => {
    const own = normalEquations(observations, (observation) => observation.view === index);
    const step = solveSpd(own.normal, P, own.gradient);
    return Float64Array.from(betas, (beta, b) => beta + step[b]!);
  });

  const views: ViewFit[] = prepared.map((view, index) => {
    const own = observations.filter((observation) => observation.view === index);
    const kept = own.filter((observation) => Math.abs(observation.residualM) <= inlierScales * robustScaleM);
    const sumSq = kept.reduce((sum, observation) => sum + observation.residualM ** 2, 0);
    const sum = kept.reduce((total, observation) => total + observation.residualM * observation.outward, 0);
    return {
      view: view.input.view,
      camera: view.camera,
      pose:
        view.legs && viewTurns[index]
          ? photoPose(
              model,
              view.input.body,
              view.input.view,
              view.legs.map((leg, k) => ({ ...leg, turnRad: viewTurns[index]!.turns[k]! })),
            )
          : view.pose,
      edgeCount: own.length,
      inlierCount: kept.length,
      residualRmsCm: kept.length > 0 ? Math.sqrt(sumSq / kept.length) * 100 : Number.NaN,
      residualMeanCm: kept.length > 0 ? (sum / kept.length) * 100 : Number.NaN,
      shiftPx: shifts[index]!,
      legTurnsRad: viewTurns[index]?.turns ?? [],
      swayM: viewSways[index]?.coefficients ?? [],
      outline: own.map((observation) => ({
        region: observation.region,
        heightM: observation.heightM,
        widerM: observation.residualM * observation.outward,
        outward: observation.outward,
        onArm: observation.onArm,
      })),
    };
  });
  // Covariance of the betas: the inverse of the final normal matrix, its beta block.
  const identity = new Float64Array(P * P);
  for (let p = 0; p < P; p++) identity[p * P + p] = 1;
  const inverse = solveSpd(normal, P, identity, P);
  const betaCovariance = new Float64Array(B * B);
  for (let p = 0; p < B; p++) for (let q = 0; q < B; q++) betaCovariance[p * B + q] = inverse[p * P + q]!;
  return { betas, betaCovariance, viewBetas, views, iterations };
}
