import { exportGlb } from '../../body/export-glb.js';
import { exportObj } from '../../body/export-obj.js';
import { measureBody } from '../../body/measure.js';
import { measurementDefinition } from '../../body/measurement-definitions.js';
import { regressJoints, shapeBody } from '../../body/shape.js';
import { encodeSmplParamsNpz } from '../../body/smpl-params.js';
import type { BodyTools } from './body-step.js';

/** The body step's tools from src/main/body: the open body model's shaping, measurements and exports. */
export function openBodyTools(): BodyTools {
  return {
    restPose(model, betas) {
      const vertices = shapeBody(model, betas);
      return { vertices, joints: regressJoints(model, vertices) };
    },
    measureBody: (model, vertices, joints) => measureBody(model, vertices, joints),
    exportObj: (model, vertices) => exportObj(model, vertices),
    exportGlb: (model, vertices) => exportGlb(model, vertices),
    encodeSmplParams: ({ betas, bodyPose, globalOrient }) => encodeSmplParamsNpz({ betas, bodyPose, globalOrient }),
    definitionOf: (name) => measurementDefinition(name),
  };
}
