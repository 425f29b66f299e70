/**
 * One photograph's scene as a coloured triangle mesh: the subject's implicit body posed for the
 * view, standing on its shoe soles, with its garments and hair, meshed by surface nets and
 * coloured by which part is outermost at each vertex.
 */
import type { Subject } from './population.js';
import { buildBodyPlan, type BodyPose, type ShapeVariation } from './body-plan.js';
import type { CaptureCondition } from './capture-conditions.js';
import { garmentItems, hairItems, shoeItems } from './garments.js';
import { unionField, type PartKind } from './implicit-field.js';
import { surfaceNets } from './surface-nets.js';
import type { MeshPhotoRequest } from '../render/mesh-photo-renderer.js';

export interface SceneMesh {
  /** x, y, z per vertex in metres (y up, the floor at 0, the body facing +z). */
  positions: Float32Array;
  indices: Uint32Array;
  /** r, g, b per vertex. */
  colours: Uint8Array;
}

export type View = 'front' | 'side';

/** Grid cell of the meshing: fine enough that the silhouette is within a pixel at the kiosk's distance. */
export const sceneCellMm = 8;

/** A built scene as the kiosk camera of this condition photographs it from this view, with this sensor noise. */
export function photoRequest(scene: SceneMesh, condition: CaptureCondition, view: View, noiseSeed: number): MeshPhotoRequest {
  return {
    ...scene,
    yawDeg: view === 'front' ? 0 : condition.side.yawDeg,
    camera: condition.camera,
    look: condition.look[view],
    noiseSeed,
  };
}

export function viewPose(condition: CaptureCondition, view: View): BodyPose {
  return view === 'front'
    ? {
        armAbductionDeg: condition.front.armAbductionDeg,
        armForwardDeg: 0,
        elbowFlexDeg: condition.front.elbowFlexDeg,
        ankleSpacingMm: condition.front.ankleSpacingMm,
      }
    : {
        armAbductionDeg: condition.side.armAbductionDeg,
        armForwardDeg: condition.side.armForwardDeg,
        elbowFlexDeg: 5,
        ankleSpacingMm: Math.min(condition.front.ankleSpacingMm, 180),
      };
}

export function buildScene(subject: Subject, variation: ShapeVariation, condition: CaptureCondition, view: View): SceneMesh {
  const plan = buildBodyPlan(subject.dims, variation, viewPose(condition, view), condition.soleMm);
  const field = unionField([
    ...plan.items,
    ...garmentItems(plan, condition.clothing),
    ...shoeItems(plan, subject.dims, condition.soleMm),
    ...hairItems(plan, condition),
  ]);
  const mesh = surfaceNets(field.value, field.bounds, sceneCellMm);
  const palette: Record<PartKind, [number, number, number]> = {
    skin: condition.colours.skin,
    top: condition.colours.top,
    bottom: condition.colours.bottom,
    dress: condition.colours.top,
    shoe: condition.colours.shoe,
    hair: condition.colours.hair,
    eye: [38, 30, 28],
    lips: [condition.colours.skin[0] * 0.75, condition.colours.skin[1] * 0.5, condition.colours.skin[2] * 0.5],
  };
  const vertexCount = mesh.positions.length / 3;
  const colours = new Uint8Array(vertexCount * 3);
  const positions = new Float32Array(mesh.positions.length);
  for (let v = 0; v < vertexCount; v += 1) {
    const x = mesh.positions[3 * v]!;
    const y = mesh.positions[3 * v + 1]!;
    const z = mesh.positions[3 * v + 2]!;
    colours.set(palette[field.itemAt(x, y, z).kind], 3 * v);
    positions[3 * v] = x / 1000;
    positions[3 * v + 1] = y / 1000;
    positions[3 * v + 2] = z / 1000;
  }
  return { positions, indices: mesh.indices, colours };
}
