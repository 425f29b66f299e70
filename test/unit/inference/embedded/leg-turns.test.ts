import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import type { BodyModel } from '../../../../src/main/body/model.js';
import { legTurnBasis, turnLegs } from '../../../../src/main/inference/embedded/leg-turns.js';

let model: BodyModel;

beforeAll(async () => {
  model = await loadOpenBodyModel('neutral');
});

describe('turning the legs about the hips', () => {
  it('turns each leg by its weight share about its own hip, ankles towards +x for a positive turn, and leaves the trunk', () => {
    const basis = legTurnBasis(model);
    const vertices = Float64Array.from(model.vTemplate);
    const turn = (2 * Math.PI) / 180;
    turnLegs(vertices, basis, [turn, 0]);
    // The photo's left leg is the model's right one (x < 0 facing the camera).
    let lowest = -1;
    for (let v = 0; v < model.vertexCount; v++)
      if (model.vTemplate[v * 3]! < 0 && (lowest < 0 || model.vTemplate[v * 3 + 1]! < model.vTemplate[lowest * 3 + 1]!)) lowest = v;
    const drop = basis.hips[0].y - model.vTemplate[lowest * 3 + 1]!;
    expect(basis.weights[0][lowest]).toBeCloseTo(1, 5);
    expect(vertices[lowest * 3]! - model.vTemplate[lowest * 3]!).toBeCloseTo(drop * Math.sin(turn), 3);
    let moved = 0;
    for (let v = 0; v < model.vertexCount; v++) {
      const shift = Math.hypot(vertices[v * 3]! - model.vTemplate[v * 3]!, vertices[v * 3 + 1]! - model.vTemplate[v * 3 + 1]!);
      if (basis.weights[0][v] === 0) expect(shift).toBe(0);
      else moved += 1;
    }
    expect(moved).toBeGreaterThan(500);
  });

  it('gives the x derivative of the turn (finite differences)', () => {
    const basis = legTurnBasis(model);
    const turns = [0.01, -0.02];
    const at = (delta: number, leg: number): Float64Array => {
      const vertices = Float64Array.from(model.vTemplate);
      turnLegs(
        vertices,
        basis,
        turns.map((turn, k) => (k === leg ? turn + delta : turn)),
      );
      return vertices;
    };
    const derivatives = turnLegs(Float64Array.from(model.vTemplate), basis, turns);
    const h = 1e-6;
    for (const leg of [0, 1]) {
      const plus = at(h, leg);
      const minus = at(-h, leg);
      for (let v = 0; v < model.vertexCount; v += 97) {
        const numeric = (plus[v * 3]! - minus[v * 3]!) / (2 * h);
        expect(derivatives[leg]![v]!).toBeCloseTo(numeric, 5);
      }
    }
  });
});
