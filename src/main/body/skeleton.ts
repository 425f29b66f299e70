/** SMPL's 24 joints, in SMPL's order; our open model uses the same order so body_pose applies to either. */
export const smplJointNames = [
  'pelvis',
  'left_hip',
  'right_hip',
  'spine1',
  'left_knee',
  'right_knee',
  'spine2',
  'left_ankle',
  'right_ankle',
  'spine3',
  'left_foot',
  'right_foot',
  'neck',
  'left_collar',
  'right_collar',
  'head',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hand',
  'right_hand',
] as const;
export type SmplJointName = (typeof smplJointNames)[number];

/** Parent of each joint (SMPL's kintree_table row 0; -1 for the root). */
export const smplJointParents = [-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21] as const;

export function jointIndex(name: SmplJointName): number {
  return smplJointNames.indexOf(name);
}
