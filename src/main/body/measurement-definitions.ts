import type { SmplJointName } from './skeleton.js';

/**
 * The measurement table: the one place that says what each measurement is. measureBody()
 * computes from it, docs/body-model.md and the API descriptions are written from it.
 * All figures are taken on the T-posed body (betas only; pose zero) in centimetres.
 */

/** A height or point on the body: a named landmark vertex of the model (SMPL files fall back to joints). */
export type LandmarkName = string;

/** How the plane of a girth is placed. */
export type GirthPlane =
  /** Horizontal, at a landmark's height. */
  | { kind: 'horizontal_at'; landmark: LandmarkName }
  /** Horizontal, at the height in [from, to] (ends trimmed by `trim` of the range) with the smallest or largest hull perimeter. */
  | { kind: 'horizontal_search'; search: 'min' | 'max'; from: LandmarkName; to: LandmarkName; trim: number }
  /** Perpendicular to a bone, through a landmark's projection on it. */
  | { kind: 'across_bone'; bone: [SmplJointName, SmplJointName]; landmark: LandmarkName };

/** Which contour of the section is measured: the one around a bone, or around the trunk's axis. */
export type GirthRegion = { kind: 'axis'; joints: SmplJointName[] } | { kind: 'bone'; bone: [SmplJointName, SmplJointName] };

/** The part of the body a girth's section lies on. */
export function girthBodyPart(region: GirthRegion): 'trunk' | 'neck_and_head' | 'arm' | 'leg' {
  if (region.kind === 'axis') return region.joints.includes('neck') ? 'neck_and_head' : 'trunk';
  return region.bone.some((joint) => joint.endsWith('_hip') || joint.endsWith('_knee')) ? 'leg' : 'arm';
}

export type MeasurementSpec =
  | { kind: 'vertical_extent' }
  | { kind: 'joint_distance'; joints: [SmplJointName, SmplJointName] }
  | { kind: 'joint_chain'; joints: SmplJointName[] }
  | { kind: 'height_difference'; top: LandmarkName; bottomJoints: SmplJointName[] }
  | { kind: 'landmark_height'; landmark: LandmarkName }
  | { kind: 'landmark_path'; landmarks: LandmarkName[] }
  | { kind: 'girth'; contour: 'convex_hull' | 'skin'; plane: GirthPlane; region: GirthRegion }
  | { kind: 'section_extent'; axis: 'breadth' | 'depth'; plane: GirthPlane; region: GirthRegion };

/** A survey figure: a sum of ANSUR II columns with signs (mm). */
export interface SurveyTerm {
  columns: Array<{ column: string; sign: 1 | -1 }>;
  note?: string;
}

export interface MeasurementDefinition {
  name: string;
  label: string;
  unit: 'cm';
  /** The `method` reported with each value. */
  method: string;
  description: string;
  landmarks: LandmarkName[];
  /** The ISO 8559-1 term it corresponds to. */
  iso8559: string;
  survey: SurveyTerm | null;
  /** Field of the avatar API (the seed's nine only). */
  apiField: string | null;
  spec: MeasurementSpec;
}

const column = (name: string): SurveyTerm => ({ columns: [{ column: name, sign: 1 }] });

/** The trunk's sections (chest, waist, hip and their extents): the contour around the spine's axis. */
export const trunkAxis: GirthRegion = { kind: 'axis', joints: ['pelvis', 'spine1', 'spine2', 'spine3'] };
const neckAxis: GirthRegion = { kind: 'axis', joints: ['neck', 'head'] };
const leftThighBone: GirthRegion = { kind: 'bone', bone: ['left_hip', 'left_knee'] };
const leftShinBone: GirthRegion = { kind: 'bone', bone: ['left_knee', 'left_ankle'] };

const chestPlane: GirthPlane = { kind: 'horizontal_at', landmark: 'chest_front' };
const waistPlane: GirthPlane = { kind: 'horizontal_search', search: 'min', from: 'hip_front', to: 'chest_front', trim: 0.1 };
const hipPlane: GirthPlane = { kind: 'horizontal_search', search: 'max', from: 'crotch', to: 'waist_front', trim: 0.12 };

interface GirthRow {
  name: string;
  label: string;
  iso8559: string;
  survey: SurveyTerm;
  apiField: string | null;
  plane: GirthPlane;
  region: GirthRegion;
  where: string;
}

const girths: GirthRow[] = [
  {
    name: 'chest',
    label: 'Chest girth',
    iso8559: 'chest girth (bust girth)',
    survey: column('chestcircumference'),
    apiField: 'chest_circumference_cm',
    plane: chestPlane,
    region: trunkAxis,
    where: 'horizontal section at the chest landmark (bust point, ANSUR chest height, just below the armpits)',
  },
  {
    name: 'waist',
    label: 'Waist girth',
    iso8559: 'waist girth',
    survey: column('waistcircumference'),
    apiField: 'waist_circumference_cm',
    plane: waistPlane,
    region: trunkAxis,
    where: 'narrowest horizontal section of the trunk between the hip and chest landmarks',
  },
  {
    name: 'hip',
    label: 'Hip girth',
    iso8559: 'hip girth',
    survey: column('buttockcircumference'),
    apiField: 'hip_circumference_cm',
    plane: hipPlane,
    region: trunkAxis,
    where: 'widest horizontal section of the trunk between the crotch and the waist landmark',
  },
  {
    name: 'thigh',
    label: 'Thigh girth',
    iso8559: 'thigh girth',
    survey: column('thighcircumference'),
    apiField: 'thigh_circumference_cm',
    plane: { kind: 'horizontal_at', landmark: 'thigh_left' },
    region: leftThighBone,
    where: 'horizontal section of the left upper thigh just below the crotch (gluteal furrow)',
  },
  {
    name: 'neck',
    label: 'Neck base girth',
    iso8559: 'neck base girth',
    survey: column('neckcircumferencebase'),
    apiField: 'neck_circumference_cm',
    plane: { kind: 'horizontal_at', landmark: 'neck_base_front' },
    region: neckAxis,
    where: 'horizontal section at the base of the neck',
  },
  {
    name: 'neck_girth',
    label: 'Neck girth',
    iso8559: 'neck girth',
    survey: column('neckcircumference'),
    apiField: null,
    plane: { kind: 'horizontal_at', landmark: 'neck_front' },
    region: neckAxis,
    where: 'horizontal section of the neck below the larynx (collar size)',
  },
  {
    name: 'upper_arm',
    label: 'Upper arm girth',
    iso8559: 'upper arm girth',
    survey: { columns: [{ column: 'bicepscircumferenceflexed', sign: 1 }], note: 'ANSUR measures it with the biceps flexed' },
    apiField: null,
    plane: { kind: 'across_bone', bone: ['left_shoulder', 'left_elbow'], landmark: 'biceps_left' },
    region: { kind: 'bone', bone: ['left_shoulder', 'left_elbow'] },
    where: 'section of the left upper arm perpendicular to it, midway shoulder to elbow',
  },
  {
    name: 'forearm',
    label: 'Forearm girth',
    iso8559: 'forearm girth',
    survey: { columns: [{ column: 'forearmcircumferenceflexed', sign: 1 }], note: 'ANSUR measures it flexed' },
    apiField: null,
    plane: { kind: 'across_bone', bone: ['left_elbow', 'left_wrist'], landmark: 'forearm_left' },
    region: { kind: 'bone', bone: ['left_elbow', 'left_wrist'] },
    where: 'section of the left forearm perpendicular to it, at its widest',
  },
  {
    name: 'wrist',
    label: 'Wrist girth',
    iso8559: 'wrist girth',
    survey: column('wristcircumference'),
    apiField: null,
    plane: { kind: 'across_bone', bone: ['left_elbow', 'left_wrist'], landmark: 'wrist_left' },
    region: { kind: 'bone', bone: ['left_elbow', 'left_wrist'] },
    where: 'section of the left wrist perpendicular to the forearm',
  },
  {
    name: 'lower_thigh',
    label: 'Lower thigh girth',
    iso8559: 'mid-thigh girth (lower)',
    survey: column('lowerthighcircumference'),
    apiField: null,
    plane: { kind: 'horizontal_at', landmark: 'lower_thigh_left' },
    region: leftThighBone,
    where: 'horizontal section of the left thigh just above the knee',
  },
  {
    name: 'calf',
    label: 'Calf girth',
    iso8559: 'calf girth',
    survey: column('calfcircumference'),
    apiField: null,
    plane: { kind: 'horizontal_at', landmark: 'calf_left' },
    region: leftShinBone,
    where: 'horizontal section of the left calf at its widest',
  },
  {
    name: 'ankle',
    label: 'Ankle girth',
    iso8559: 'minimum leg girth (ankle)',
    survey: column('anklecircumference'),
    apiField: null,
    plane: { kind: 'horizontal_at', landmark: 'ankle_left' },
    region: leftShinBone,
    where: 'horizontal section of the left leg just above the malleoli',
  },
  {
    name: 'head',
    label: 'Head girth',
    iso8559: 'head girth',
    survey: column('headcircumference'),
    apiField: null,
    plane: { kind: 'horizontal_at', landmark: 'head_front' },
    region: neckAxis,
    where: 'horizontal section of the head at its widest',
  },
];

function girthDefinitions(row: GirthRow): MeasurementDefinition[] {
  const landmarks = landmarksOf(row.plane);
  return [
    {
      name: row.name,
      label: row.label,
      unit: 'cm',
      method: 'convex_hull_perimeter',
      description: `Perimeter of the convex hull of the ${row.where} (the seed's method; bridges hollows like a tape held taut).`,
      landmarks,
      iso8559: row.iso8559,
      survey: row.survey,
      apiField: row.apiField,
      spec: { kind: 'girth', contour: 'convex_hull', plane: row.plane, region: row.region },
    },
    {
      name: `${row.name}_skin`,
      label: `${row.label} (skin contour)`,
      unit: 'cm',
      method: 'skin_contour_perimeter',
      description: `Length of the outer contour of the ${row.where}, following the skin into hollows.`,
      landmarks,
      iso8559: row.iso8559,
      survey: row.survey,
      apiField: null,
      spec: { kind: 'girth', contour: 'skin', plane: row.plane, region: row.region },
    },
  ];
}

function landmarksOf(plane: GirthPlane): LandmarkName[] {
  return plane.kind === 'horizontal_search' ? [plane.from, plane.to] : [plane.landmark];
}

function extent(
  name: string,
  label: string,
  axis: 'breadth' | 'depth',
  plane: GirthPlane,
  survey: string,
  iso8559: string,
): MeasurementDefinition {
  return {
    name,
    label,
    unit: 'cm',
    method: axis === 'breadth' ? 'section_breadth' : 'section_depth',
    description: `${axis === 'breadth' ? 'Side-to-side' : 'Front-to-back'} extent of the same trunk section as the girth.`,
    landmarks: landmarksOf(plane),
    iso8559,
    survey: column(survey),
    apiField: null,
    spec: { kind: 'section_extent', axis, plane, region: trunkAxis },
  };
}

export const measurementDefinitions: readonly MeasurementDefinition[] = [
  {
    name: 'height',
    label: 'Height',
    unit: 'cm',
    method: 'vertical_extent',
    description: 'Highest vertex minus lowest vertex (crown to sole).',
    landmarks: ['head_top', 'sole_left'],
    iso8559: 'body height (stature)',
    survey: column('stature'),
    apiField: 'height_cm',
    spec: { kind: 'vertical_extent' },
  },
  ...girthDefinitions(girths[0]!),
  ...girthDefinitions(girths[1]!),
  ...girthDefinitions(girths[2]!),
  {
    name: 'inseam',
    label: 'Inseam',
    unit: 'cm',
    method: 'crotch_to_ankle',
    description: 'Height of the crotch landmark above the ankle joints (the seed: crotch height minus ankle height).',
    landmarks: ['crotch'],
    iso8559: 'inside leg length (to the ankle)',
    survey: {
      columns: [
        { column: 'crotchheight', sign: 1 },
        { column: 'lateralmalleolusheight', sign: -1 },
      ],
      note: 'crotch height minus lateral malleolus (ankle) height',
    },
    apiField: 'inseam_cm',
    spec: { kind: 'height_difference', top: 'crotch', bottomJoints: ['left_ankle', 'right_ankle'] },
  },
  {
    name: 'shoulder_width',
    label: 'Shoulder width',
    unit: 'cm',
    method: 'joint_distance',
    description: 'Distance between the two shoulder joints (the model places them under the acromions).',
    landmarks: [],
    iso8559: 'shoulder breadth (biacromial)',
    survey: column('biacromialbreadth'),
    apiField: 'shoulder_width_cm',
    spec: { kind: 'joint_distance', joints: ['left_shoulder', 'right_shoulder'] },
  },
  {
    name: 'arm_length',
    label: 'Arm length',
    unit: 'cm',
    method: 'joint_chain',
    description: 'Upper arm plus forearm: left shoulder → elbow → wrist joints.',
    landmarks: [],
    iso8559: 'arm length',
    survey: {
      columns: [
        { column: 'acromionradialelength', sign: 1 },
        { column: 'radialestylionlength', sign: 1 },
      ],
      note: 'acromion–radiale plus radiale–stylion',
    },
    apiField: 'arm_length_cm',
    spec: { kind: 'joint_chain', joints: ['left_shoulder', 'left_elbow', 'left_wrist'] },
  },
  ...girthDefinitions(girths[3]!),
  ...girthDefinitions(girths[4]!),
  ...girths.slice(5).flatMap(girthDefinitions),
  {
    name: 'sleeve_outseam',
    label: 'Sleeve outseam',
    unit: 'cm',
    method: 'landmark_path',
    description: 'Along the top of the left arm: acromion → elbow → wrist landmarks.',
    landmarks: ['acromion_left', 'elbow_left', 'wrist_left'],
    iso8559: 'outer arm length (shoulder point to wrist)',
    survey: column('sleeveoutseam'),
    apiField: null,
    spec: { kind: 'landmark_path', landmarks: ['acromion_left', 'elbow_left', 'wrist_left'] },
  },
  {
    name: 'back_length',
    label: 'Back waist length',
    unit: 'cm',
    method: 'landmark_path',
    description: 'Down the back midline from the neck base to the waist.',
    landmarks: ['neck_base_back', 'waist_back'],
    iso8559: 'back waist length',
    survey: column('waistbacklength'),
    apiField: null,
    spec: { kind: 'landmark_path', landmarks: ['back_path'] },
  },
  {
    name: 'waist_height',
    label: 'Waist height',
    unit: 'cm',
    method: 'landmark_height',
    description: 'Height of the waist landmark (omphalion level) above the soles.',
    landmarks: ['waist_front'],
    iso8559: 'waist height',
    survey: column('waistheightomphalion'),
    apiField: null,
    spec: { kind: 'landmark_height', landmark: 'waist_front' },
  },
  {
    name: 'crotch_height',
    label: 'Crotch height',
    unit: 'cm',
    method: 'landmark_height',
    description: 'Height of the crotch landmark above the soles.',
    landmarks: ['crotch'],
    iso8559: 'crotch height',
    survey: column('crotchheight'),
    apiField: null,
    spec: { kind: 'landmark_height', landmark: 'crotch' },
  },
  {
    name: 'knee_height',
    label: 'Knee height',
    unit: 'cm',
    method: 'landmark_height',
    description: 'Height of the knee landmark (mid-patella) above the soles.',
    landmarks: ['knee_left'],
    iso8559: 'knee height',
    survey: column('kneeheightmidpatella'),
    apiField: null,
    spec: { kind: 'landmark_height', landmark: 'knee_left' },
  },
  extent('chest_breadth', 'Chest breadth', 'breadth', chestPlane, 'chestbreadth', 'chest breadth'),
  extent('chest_depth', 'Chest depth', 'depth', chestPlane, 'chestdepth', 'chest depth'),
  extent('waist_breadth', 'Waist breadth', 'breadth', { kind: 'horizontal_at', landmark: 'waist_front' }, 'waistbreadth', 'waist breadth'),
  extent('waist_depth', 'Waist depth', 'depth', { kind: 'horizontal_at', landmark: 'waist_front' }, 'waistdepth', 'waist depth'),
  extent('hip_breadth', 'Hip breadth', 'breadth', { kind: 'horizontal_at', landmark: 'hip_front' }, 'hipbreadth', 'hip breadth'),
  extent('hip_depth', 'Hip (buttock) depth', 'depth', { kind: 'horizontal_at', landmark: 'hip_front' }, 'buttockdepth', 'buttock depth'),
];

export function measurementDefinition(name: string): MeasurementDefinition | undefined {
  return measurementDefinitions.find((definition) => definition.name === name);
}

/** The survey's value (mm) of a measurement for one subject, from its ANSUR II columns. */
export function surveyValueMm(definition: MeasurementDefinition, row: Record<string, number>): number | null {
  if (!definition.survey) return null;
  let sum = 0;
  for (const { column: name, sign } of definition.survey.columns) {
    const value = row[name];
    if (value === undefined) return null;
    sum += sign * value;
  }
  return sum;
}
