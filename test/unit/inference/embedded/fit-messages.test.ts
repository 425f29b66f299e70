import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import type { BodyModel } from '../../../../src/main/body/model.js';
import { fitRequestSchema, fromFitWorkerSchema, type FitRequest } from '../../../../src/main/inference/embedded/fit-messages.js';
import { fitSilhouettes } from '../../../../src/main/inference/embedded/silhouette-fit.js';
import { armsDown, fitViewOf, photographBody } from './synthetic-photo.js';

/**
 * The fit thread's messages: a frame set's fit input and its answer come through the structured
 * clone and the schemas whole (an object schema drops a field it does not name, and the fit in the
 * thread would then differ from the fit in the scan's own).
 */

let model: BodyModel;
let request: FitRequest;

beforeAll(async () => {
  model = await loadOpenBodyModel('female');
  const betas = [0.8, -0.5, 0.3];
  const front = fitViewOf('front', photographBody(model, betas, armsDown(25), 0));
  const side = fitViewOf('side', photographBody(model, betas, armsDown(75), 90));
  request = {
    type: 'fit',
    id: 7,
    gender: 'female',
    input: {
      views: [front, side],
      statureM: 1.66,
      soleM: 0.01,
      easeM: 0.005,
      sideEaseM: 0.01,
      legEaseM: 0.004,
      hiddenBand: { fromShare: 0.4, toShare: 0.7 },
      start: { betas: Float64Array.from({ length: model.betaCount }, (_, b) => (b < 3 ? betas[b]! : 0)), maxIterations: 2 },
    },
  };
}, 60_000);

describe('the fit thread messages', () => {
  it('carry a fit request through a structured clone and the schema with nothing dropped', () => {
    expect(fitRequestSchema.parse(structuredClone(request))).toEqual(request);
  });

  it("carry a fit's answer, NaN residuals included, with nothing dropped", () => {
    const fit = fitSilhouettes({ ...request.input, model });
    expect(fit).not.toBeNull();
    const answer = { type: 'fitted' as const, id: 7, fit };
    expect(fromFitWorkerSchema.parse(structuredClone(answer))).toEqual(answer);
    const empty = { ...fit!, views: fit!.views.map((view) => ({ ...view, residualRmsCm: Number.NaN, outline: [] })) };
    expect(fromFitWorkerSchema.parse({ type: 'fitted', id: 8, fit: empty })).toEqual({ type: 'fitted', id: 8, fit: empty });
  });

  it('refuse a request whose betas are not a Float64Array', () => {
    const wrong = { ...request, input: { ...request.input, start: { betas: [0, 1], maxIterations: 2 } } };
    expect(fitRequestSchema.safeParse(wrong).success).toBe(false);
  });
});
