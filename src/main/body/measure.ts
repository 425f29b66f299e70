import type { MeasurementValue } from './measurement-value.js';
import {
  measurementDefinitions,
  trunkAxis,
  type GirthPlane,
  type GirthRegion,
  type MeasurementDefinition,
  type MeasurementSpec,
} from './measurement-definitions.js';
import type { BodyModel } from './model.js';
import { regressJoints, verticalSpan } from './shape.js';
import { jointIndex, type SmplJointName } from './skeleton.js';
import {
  contourAround,
  convexHull,
  faceHeights,
  normalize,
  polygonPerimeter,
  sliceMesh,
  toPlane,
  type FaceHeights,
  type Plane,
  type Point2,
  type Vec3,
} from './slicing.js';

/** Everything one body's measurements share: its vertices, joints, and the sections already cut. */
class BodyContext {
  private readonly sections = new Map<string, Point2[] | undefined>();
  readonly floorY: number;
  readonly topY: number;
  private readonly heights: FaceHeights;

  constructor(
    readonly model: BodyModel,
    readonly vertices: ArrayLike<number>,
    readonly joints: ArrayLike<number>,
  ) {
    ({ floorY: this.floorY, topY: this.topY } = verticalSpan(vertices));
    this.heights = faceHeights(vertices, model.faces);
  }

  joint(name: SmplJointName): Vec3 {
    const j = jointIndex(name) * 3;
    return [this.joints[j]!, this.joints[j + 1]!, this.joints[j + 2]!];
  }

  vertex(index: number): Vec3 {
    return [this.vertices[index * 3]!, this.vertices[index * 3 + 1]!, this.vertices[index * 3 + 2]!];
  }

  /** A landmark's position: the model's named vertex, or (SMPL files) an estimate from the joints. */
  landmark(name: string): Vec3 {
    const index = this.model.landmarks[name];
    if (index !== undefined) return this.vertex(index);
    return this.landmarkFromJoints(name);
  }

  /** Landmarks for models without them (the official SMPL): approximate positions from the joints. */
  private landmarkFromJoints(name: string): Vec3 {
    const j = (joint: SmplJointName): Vec3 => this.joint(joint);
    const mix = (a: Vec3, b: Vec3, t: number): Vec3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
    const hips = mix(j('left_hip'), j('right_hip'), 0.5);
    const crotch = mix(hips, mix(j('left_knee'), j('right_knee'), 0.5), 0.22);
    switch (name) {
      case 'crotch':
        return [0, crotch[1], crotch[2]];
      case 'hip_front':
        return j('pelvis');
      case 'waist_front':
        return mix(j('spine1'), j('spine2'), 0.5);
      case 'chest_front':
        return j('spine3');
      case 'neck_base_front':
        return j('neck');
      case 'neck_front':
        return mix(j('neck'), j('head'), 0.35);
      case 'head_front': {
        const head = j('head');
        return [head[0], head[1] + 0.4 * (this.topY - head[1]), head[2]];
      }
      case 'thigh_left': {
        const hip = j('left_hip');
        return [hip[0], crotch[1] - 0.03, hip[2]];
      }
      case 'lower_thigh_left':
        return mix(j('left_knee'), j('left_hip'), 0.22);
      case 'knee_left':
        return j('left_knee');
      case 'calf_left':
        return mix(j('left_knee'), j('left_ankle'), 0.3);
      case 'ankle_left':
        return mix(j('left_ankle'), j('left_knee'), 0.12);
      case 'biceps_left':
        return mix(j('left_shoulder'), j('left_elbow'), 0.5);
      case 'forearm_left':
        return mix(j('left_elbow'), j('left_wrist'), 0.25);
      case 'wrist_left':
        return j('left_wrist');
      case 'elbow_left':
        return j('left_elbow');
      case 'acromion_left':
        return j('left_shoulder');
      default:
        throw new Error(`the body model has no landmark "${name}" and no estimate from joints`);
    }
  }

  /** Landmarks for a path: `back_path` expands to the model's back_path_NN vertices (neck to waist). */
  path(names: string[]): Vec3[] {
    if (names.length === 1 && names[0] === 'back_path') {
      const keys = Object.keys(this.model.landmarks)
        .filter((key) => key.startsWith('back_path_'))
        .sort()
        .reverse();
      if (keys.length > 0) return keys.map((key) => this.landmark(key));
      return [this.joint('neck'), this.joint('spine3'), this.joint('spine2'), this.landmark('waist_front')];
    }
    return names.map((name) => this.landmark(name));
  }

  /** The contour of the region on a plane (cached per body). */
  section(plane: Plane, region: GirthRegion): Point2[] | undefined {
    const regionKey = region.kind === 'axis' ? region.joints.join('+') : region.bone.join('>');
    const key = `${plane.origin.join(',')}|${plane.normal.join(',')}|${regionKey}`;
    if (this.sections.has(key)) return this.sections.get(key);
    const loops = sliceMesh(this.vertices, this.model.faces, plane, this.heights);
    const contour = contourAround(loops, toPlane(plane, this.regionPoint(plane, region)));
    this.sections.set(key, contour);
    return contour;
  }

  /** A point inside the wanted contour: on the trunk's axis or the bone, where the plane cuts it. */
  private regionPoint(plane: Plane, region: GirthRegion): Vec3 {
    if (region.kind === 'axis') {
      const points = region.joints.map((joint) => this.joint(joint));
      const x = points.reduce((sum, p) => sum + p[0], 0) / points.length;
      const z = points.reduce((sum, p) => sum + p[2], 0) / points.length;
      return [x, plane.origin[1], z];
    }
    const a = this.joint(region.bone[0]);
    const b = this.joint(region.bone[1]);
    const n = plane.normal;
    const direction: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const denominator = n[0] * direction[0] + n[1] * direction[1] + n[2] * direction[2];
    if (Math.abs(denominator) < 1e-9) return plane.origin;
    const t = (n[0] * (plane.origin[0] - a[0]) + n[1] * (plane.origin[1] - a[1]) + n[2] * (plane.origin[2] - a[2])) / denominator;
    return [a[0] + t * direction[0], a[1] + t * direction[1], a[2] + t * direction[2]];
  }

  /** The plane of a girth; a search plane is found by scanning the range for the extreme hull perimeter. */
  plane(spec: GirthPlane, region: GirthRegion): Plane {
    const horizontal = (y: number): Plane => ({ origin: [0, y, 0], normal: [0, 1, 0] });
    switch (spec.kind) {
      case 'horizontal_at':
        return horizontal(this.landmark(spec.landmark)[1]);
      case 'across_bone': {
        const normal = normalize(subtract(this.joint(spec.bone[1]), this.joint(spec.bone[0])));
        return { origin: this.landmark(spec.landmark), normal };
      }
      case 'horizontal_search': {
        const key = `${spec.search}|${spec.from}|${spec.to}|${spec.trim}`;
        const cached = this.searches.get(key);
        if (cached !== undefined) return horizontal(cached);
        const from = this.landmark(spec.from)[1];
        const to = this.landmark(spec.to)[1];
        const low = from + (to - from) * spec.trim;
        const high = to - (to - from) * spec.trim;
        const sign = spec.search === 'min' ? 1 : -1;
        const score = (y: number): number => {
          const contour = this.section(horizontal(y), region);
          return contour ? sign * polygonPerimeter(convexHull(contour)) : Infinity;
        };
        const samples = 6;
        let best = low;
        let bestScore = Infinity;
        for (let k = 0; k <= samples; k++) {
          const y = low + ((high - low) * k) / samples;
          const s = score(y);
          if (s < bestScore) {
            bestScore = s;
            best = y;
          }
        }
        // Golden-section refinement within one sample step either side.
        const step = (high - low) / samples;
        let a = Math.max(low, best - step);
        let b = Math.min(high, best + step);
        const ratio = (Math.sqrt(5) - 1) / 2;
        let c = b - ratio * (b - a);
        let d = a + ratio * (b - a);
        let sc = score(c);
        let sd = score(d);
        for (let iteration = 0; iteration < 8; iteration++) {
          if (sc < sd) {
            b = d;
            d = c;
            sd = sc;
            c = b - ratio * (b - a);
            sc = score(c);
          } else {
            a = c;
            c = d;
            sc = sd;
            d = a + ratio * (b - a);
            sd = score(d);
          }
        }
        const refined = sc < sd ? c : d;
        const y = Math.min(sc, sd) < bestScore ? refined : best;
        this.searches.set(key, y);
        return horizontal(y);
      }
    }
  }

  private readonly searches = new Map<string, number>();
}

function subtract(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** A horizontal section's extent side to side (breadth) or front to back (depth), metres: plane coordinates are (x, z). */
function contourExtent(contour: readonly Point2[], axis: 'breadth' | 'depth'): number {
  const coordinate = axis === 'breadth' ? 0 : 1;
  const values = contour.map((point) => point[coordinate]);
  return Math.max(...values) - Math.min(...values);
}

/** Metres. */
function evaluate(context: BodyContext, spec: MeasurementSpec): number {
  switch (spec.kind) {
    case 'vertical_extent':
      return context.topY - context.floorY;
    case 'joint_distance':
      return distance(context.joint(spec.joints[0]), context.joint(spec.joints[1]));
    case 'joint_chain': {
      let sum = 0;
      for (let k = 1; k < spec.joints.length; k++) sum += distance(context.joint(spec.joints[k - 1]!), context.joint(spec.joints[k]!));
      return sum;
    }
    case 'height_difference': {
      const bottom = spec.bottomJoints.reduce((sum, joint) => sum + context.joint(joint)[1], 0) / spec.bottomJoints.length;
      return context.landmark(spec.top)[1] - bottom;
    }
    case 'landmark_height':
      return context.landmark(spec.landmark)[1] - context.floorY;
    case 'landmark_path': {
      const points = context.path(spec.landmarks);
      let sum = 0;
      for (let k = 1; k < points.length; k++) sum += distance(points[k - 1]!, points[k]!);
      return sum;
    }
    case 'girth': {
      const contour = context.section(context.plane(spec.plane, spec.region), spec.region);
      if (!contour) return Number.NaN;
      return spec.contour === 'convex_hull' ? polygonPerimeter(convexHull(contour)) : polygonPerimeter(contour);
    }
    case 'section_extent': {
      const plane = context.plane(spec.plane, spec.region);
      const contour = context.section(plane, spec.region);
      if (!contour) return Number.NaN;
      return contourExtent(contour, spec.axis);
    }
  }
}

/**
 * Every measurement of the table on a T-posed body (vertices from shapeBody, metres), in cm.
 * `joints` default to the model's regressor on these vertices.
 */
export function measureBody(
  model: BodyModel,
  vertices: ArrayLike<number>,
  joints: ArrayLike<number> = regressJoints(model, vertices),
  definitions: readonly MeasurementDefinition[] = measurementDefinitions,
): MeasurementValue[] {
  const context = new BodyContext(model, vertices, joints);
  return definitions.map((definition) => ({
    name: definition.name,
    valueCm: Math.round(evaluate(context, definition.spec) * 1e5) / 1e3,
    sdCm: null,
    method: definition.method,
  }));
}

/** A horizontal trunk section's side-to-side and front-to-back extents (cm). */
export interface TrunkExtents {
  breadthCm: number;
  depthCm: number;
}

/**
 * The trunk's horizontal sections at these heights above the floor (metres) on a T-posed body,
 * measured as the section extents of the table are; null where the plane misses the trunk.
 */
export function trunkExtentsAt(
  model: BodyModel,
  vertices: ArrayLike<number>,
  heightsM: readonly number[],
  joints: ArrayLike<number> = regressJoints(model, vertices),
): Array<TrunkExtents | null> {
  const context = new BodyContext(model, vertices, joints);
  return heightsM.map((heightM) => {
    const contour = context.section({ origin: [0, context.floorY + heightM, 0], normal: [0, 1, 0] }, trunkAxis);
    if (!contour) return null;
    return { breadthCm: contourExtent(contour, 'breadth') * 100, depthCm: contourExtent(contour, 'depth') * 100 };
  });
}

/** Measurements as a name → centimetres record. */
export function measurementRecord(values: readonly MeasurementValue[]): Record<string, number> {
  return Object.fromEntries(values.map((value) => [value.name, value.valueCm]));
}
