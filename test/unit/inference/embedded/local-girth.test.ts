import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { measureBody, measurementRecord } from '../../../../src/main/body/measure.js';
import { poseBody } from '../../../../src/main/body/pose.js';
import { shapeBody } from '../../../../src/main/body/shape.js';
import { loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import { measureFittedBody } from '../../../../src/main/inference/embedded/body-step.js';
import { profileOffsetCm } from '../../../../src/main/inference/embedded/profile-offset.js';
import { garmentEase } from '../../../../src/main/inference/embedded/garment-ease.js';
import {
  ellipsePerimeter,
  outlineReadGirths,
  outlineReadingNote,
  sectionFromOutline,
} from '../../../../src/main/inference/embedded/local-girth.js';
import { fitSilhouettes, type SilhouetteFit } from '../../../../src/main/inference/embedded/silhouette-fit.js';
import { armsDown, fitViewOf, photographMesh } from './synthetic-photo.js';

describe('waist and hip read from the outline', () => {
  it('takes the ellipse perimeter of full axes', () => {
    expect(ellipsePerimeter(1, 1)).toBeCloseTo(Math.PI, 10);
    // Semi-axes 1 and 0.5: 4.8442241.
    expect(ellipsePerimeter(2, 1)).toBeCloseTo(4.8442241, 5);
  });

  it('moves the girth with the breadth and depth the masks show at the waist, and ignores arms and far rows', () => {
    type Point = [heightM: number, widerM: number, outward: 1 | -1, region?: string, onArm?: boolean];
    const outline = (view: 'front' | 'side', points: Point[]) => ({
      view,
      outline: points.map(([heightM, widerM, outward, region, onArm]) => ({
        region: region ?? 'torso',
        heightM,
        widerM,
        outward,
        onArm: onArm ?? false,
      })),
    });
    const fit = {
      views: [
        // Each end 1 cm inside the model at the waist (1.00–1.04 m); a mask arm 8 cm out, the model's own arm,
        // a row 10 cm higher and a leg are not read.
        outline('front', [
          [1.0, -0.01, -1],
          [1.0, -0.01, 1],
          [1.02, -0.01, -1],
          [1.02, -0.01, 1],
          [1.01, 0.08, 1],
          [1.01, 0.025, -1, 'torso', true],
          [1.12, 0.02, 1],
          [1.01, 0.02, 1, 'legs'],
        ]),
        // The profile's near end 2 cm inside the model and its far end 1 cm outside: 1 cm shallower, though
        // the far end has twice the points.
        outline('side', [
          [1.0, -0.02, -1],
          [1.02, -0.02, -1],
          [1.0, 0.01, 1],
          [1.01, 0.01, 1],
          [1.02, 0.01, 1],
          [1.03, 0.01, 1],
        ]),
      ],
    } as unknown as SilhouetteFit;
    const section = { breadthCm: 32, depthCm: 24, heightCm: 101 };
    const seen = sectionFromOutline(fit, section);
    expect(seen.read).toEqual(['front', 'side']);
    expect(seen.breadthCm).toBeCloseTo(30, 6);
    expect(seen.depthCm).toBeCloseTo(23, 6);
    expect(seen.girthFactor).toBeCloseTo(ellipsePerimeter(30, 23) / ellipsePerimeter(32, 24), 6);
    // Too few points near the section: it stays as fitted.
    expect(sectionFromOutline(fit, { ...section, heightCm: 110 })).toEqual({ girthFactor: 1, breadthCm: 32, depthCm: 24, read: [] });
  });

  it('leaves a view as fitted when one end of its rows is the model’s arm or off the outline: one end cannot tell a wider body from one off centre', () => {
    const side = (points: Array<[widerM: number, outward: 1 | -1, onArm: boolean]>) =>
      ({
        views: [
          {
            view: 'side',
            outline: points.map(([widerM, outward, onArm]) => ({ region: 'torso', heightM: 1.01, widerM, outward, onArm })),
          },
        ],
      }) as unknown as SilhouetteFit;
    const section = { breadthCm: 32, depthCm: 24, heightCm: 101 };
    const farEnd: Array<[number, 1 | -1, boolean]> = [
      [0.015, 1, false],
      [0.015, 1, false],
      [0.015, 1, false],
    ];
    // The near end is the model's arm, 7 cm outside the mask: not read, and the far end alone is not doubled.
    expect(sectionFromOutline(side([...farEnd, [-0.07, -1, true], [-0.07, -1, true]]), section).read).toEqual([]);
    // The near end more than 3 cm off: the same.
    expect(sectionFromOutline(side([...farEnd, [-0.05, -1, false], [-0.05, -1, false]]), section).read).toEqual([]);
    // Both ends of the trunk: read.
    const read = sectionFromOutline(side([...farEnd, [-0.005, -1, false], [-0.005, -1, false]]), section);
    expect(read.read).toEqual(['side']);
    expect(read.depthCm).toBeCloseTo(25, 6);
  });

  it('reads a hip at the widest level the photos show near the landmark, against the fitted body’s widest there', () => {
    const points = (view: 'front' | 'side', rows: Array<[number, number]>) => ({
      view,
      // Half the points at each end of the rows, each end this much outside the model.
      outline: rows.flatMap(([heightM, widerM]) =>
        ([-1, -1, 1, 1] as const).map((outward) => ({ region: 'torso', heightM, widerM, outward, onArm: false })),
      ),
    });
    // Fitted widest (34 × 24 cm) at 0.84 m; the mask is widest 3 cm lower (its hip sits lower than the landmark).
    const levels = [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88].map((heightM) => ({
      heightCm: heightM * 100,
      breadthCm: 34 - Math.abs(heightM - 0.84) * 50,
      depthCm: 24 - Math.abs(heightM - 0.84) * 30,
    }));
    const fit = {
      views: [
        points('front', [
          [0.81, 0.015],
          [0.84, -0.01],
          [0.87, -0.02],
        ]),
        points('side', [
          [0.81, 0.01],
          [0.84, 0],
        ]),
      ],
    } as unknown as SilhouetteFit;
    const seen = sectionFromOutline(fit, { breadthCm: 33, depthCm: 23.5, heightCm: 84, levels });
    // Each level reads the points within 1.5 cm: the widest seen breadth is 33 + 3 = 36 cm at 0.82 m (points of 0.81 m),
    // against the fitted 34; the widest depth 23.4 + 2 = 25.4 cm there, against 24.
    expect(seen.read).toEqual(['front', 'side']);
    expect(seen.breadthCm).toBeCloseTo(33 + 2, 6);
    expect(seen.depthCm).toBeCloseTo(23.5 + 1.4, 6);
    expect(seen.girthFactor).toBeCloseTo(ellipsePerimeter(36, 25.4) / ellipsePerimeter(34, 24), 6);
    // No outline point at any level searched: as fitted.
    expect(
      sectionFromOutline({ views: [] } as unknown as SilhouetteFit, { breadthCm: 33, depthCm: 23.5, heightCm: 84, levels }).read,
    ).toEqual([]);
  });

  it('reads the hip from the legs’ rows when asked: its widest level lies at or below the hip joints', () => {
    const legRows = (view: 'front' | 'side', rows: Array<[number, number]>) => ({
      view,
      outline: rows.flatMap(([heightM, widerM]) =>
        ([-1, -1, 1, 1] as const).map((outward) => ({ region: 'legs', heightM, widerM, outward, onArm: false })),
      ),
    });
    const levels = [0.82, 0.83, 0.84].map((heightM) => ({ heightCm: heightM * 100, breadthCm: 34, depthCm: 24 }));
    const fit = { views: [legRows('front', [[0.83, 0.01]]), legRows('side', [[0.83, 0.005]])] } as unknown as SilhouetteFit;
    const section = { breadthCm: 34, depthCm: 24, heightCm: 83, levels };
    expect(sectionFromOutline(fit, section).read).toEqual([]);
    const seen = sectionFromOutline(fit, section, ['torso', 'legs']);
    expect(seen.read).toEqual(['front', 'side']);
    expect(seen.breadthCm).toBeCloseTo(36, 6);
    expect(seen.depthCm).toBeCloseTo(25, 6);
    expect(outlineReadGirths.find((part) => part.girth === 'hip')?.regions).toEqual(['torso', 'legs']);
  });

  it('tells in the avatar notes which girths the outline read, from which photo', () => {
    expect(outlineReadingNote([])).toBeNull();
    expect(
      outlineReadingNote([
        { girth: 'waist', views: ['front', 'side'] },
        { girth: 'hip', views: ['front'] },
      ]),
    ).toBe(
      "Read from the photos' outline at their own height, beyond what the body model's shape follows: " +
        'waist (breadth from the front photo, depth from the side photo); hip (breadth from the front photo).',
    );
  });

  it('follows a waist narrower than the body model would fit, photographed front and side', async () => {
    const [model, stats] = await Promise.all([loadOpenBodyModel('male'), loadShapeStats('male')]);
    const zeros = new Array<number>(model.betaCount).fill(0);
    const rest = shapeBody(model, zeros);
    const fitted = measurementRecord(measureBody(model, rest));
    // A waist 12% narrower and shallower than the model's shape space pairs with this body, tapering off over 8 cm.
    let floor = Infinity;
    for (let v = 1; v < rest.length; v += 3) floor = Math.min(floor, rest[v]!);
    const waistY = floor + fitted.waist_height! / 100;
    const narrowed = Float32Array.from(rest);
    for (let v = 0; v < model.vertexCount; v++) {
      const x = rest[v * 3]!;
      const z = rest[v * 3 + 2]!;
      const away = Math.abs(rest[v * 3 + 1]! - waistY);
      if (away >= 0.08 || Math.hypot(x, z) > 0.22) continue;
      const factor = 1 - 0.12 * Math.cos(((away / 0.08) * Math.PI) / 2) ** 2;
      narrowed[v * 3] = x * factor;
      narrowed[v * 3 + 2] = z * factor;
    }
    const truth = measurementRecord(measureBody(model, narrowed));
    const truthWaist = truth.waist!;
    const posed = poseBody(model, { betas: zeros, bodyPose: armsDown(25), restVertices: narrowed });
    const views = [0, 90].map((yawDeg) =>
      fitViewOf(yawDeg === 0 ? 'front' : 'side', photographMesh(model, posed.vertices, posed.joints, { yawDeg })),
    );
    const fit = fitSilhouettes({ model, views, statureM: fitted.height! / 100, soleM: 0, easeM: 0 })!;
    const modelWaist = measurementRecord(measureBody(model, shapeBody(model, fit.betas))).waist!;
    const scan = await measureFittedBody({
      model,
      stats,
      gender: 'male',
      evidence: { fit, garmentGirthSdCm: 0.5, scaleRelativeSd: 0 },
      bodyPose: fit.views[0]!.pose.bodyPose,
    });
    const reported = (name: string) => scan.measurements.find((measurement) => measurement.name === name)!.valueCm;
    expect(Math.abs(reported('waist') - truthWaist)).toBeLessThan(Math.abs(modelWaist - truthWaist) / 2);
    // The section's extents and its skin girth move with it.
    expect(Math.abs(reported('waist_breadth') - truth.waist_breadth!)).toBeLessThan(0.5);
    // A contour is never shorter than its hull, after the reading as before.
    expect(reported('waist_skin')).toBeGreaterThanOrEqual(reported('waist') - 0.01);
    // Under a loose top the outline at the waist is the garment's drape: the waist stays as fitted
    // (less the profile's offset on a man's waist when a side photo was fitted).
    const draped = await measureFittedBody({
      model,
      stats,
      gender: 'male',
      evidence: { fit, garmentGirthSdCm: 0.5, scaleRelativeSd: 0, drapedGirths: garmentEase.loose.drapes },
      bodyPose: fit.views[0]!.pose.bodyPose,
    });
    expect(draped.measurements.find((measurement) => measurement.name === 'waist')!.valueCm).toBeCloseTo(
      modelWaist + profileOffsetCm.waist,
      2,
    );
  });
});
