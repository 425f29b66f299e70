import { describe, expect, it } from 'vitest';
import { useEmbeddedPipeline } from './embedded-fixture.js';
import { decodeSmplParamsNpz } from '../../../../src/main/body/smpl-params.js';
import { observeFrame } from '../../../../src/main/inference/capture-checks/observe-frame.js';
import { checkFrame } from '../../../../src/main/inference/capture-checks/rules.js';
import type { CaptureView } from '../../../../src/main/inference/capture-checks/types.js';
import { frontAloneHipNote } from '../../../../src/main/inference/embedded/front-alone-hip.js';
import { ScanRejectedError, type ScanProgress } from '../../../../src/main/inference/pipeline.js';
import { aPoseRender, blurred, darkened, mirrorSelfie, threePeople, tinyInCanvas, withoutFeet, withoutHead } from './photos.js';

const embedded = useEmbeddedPipeline('perfit-embedded');
const save = (name: string, bytes: Buffer): string => embedded.save(name, bytes);

async function issuesOf(photo: Buffer, view: CaptureView = 'front') {
  const { observation } = await observeFrame(embedded.runtime, photo, view);
  return checkFrame(observation);
}

const codes = (issues: { code: string }[]): string[] => issues.map((issue) => issue.code);
const value = (measurements: { name: string; valueCm: number }[], name: string): number =>
  measurements.find((m) => m.name === name)!.valueCm;

describe('embedded pipeline on a full-body picture', () => {
  it('says what it runs: onnxruntime, Human models and the open body model', () => {
    expect(embedded.pipeline.info).toMatchObject({ name: 'embedded', executionProvider: 'onnxruntime-cpu' });
    expect(embedded.pipeline.info.models.map((model) => model.name)).toEqual(
      expect.arrayContaining(['human/blazeface-back', 'human/blazepose-full', 'human/selfie', expect.stringMatching(/^perfit-body/)]),
    );
  });

  it("finds BlazePose's nose inside the face BlazeFace finds on a full-body picture", async () => {
    const { observation } = await observeFrame(embedded.runtime, await aPoseRender(), 'front');
    const face = observation.faces[0]!;
    const nose = observation.body!.keypoints.find((point) => point.part === 'nose')!;
    expect(nose.x).toBeGreaterThan(face.x);
    expect(nose.x).toBeLessThan(face.x + face.width);
    expect(nose.y).toBeGreaterThan(face.y);
    expect(nose.y).toBeLessThan(face.y + face.height);
  });

  it('measures a woman of 165 cm in the A-pose render within adult ranges, with confidences, stages and artifacts', async () => {
    const stages: ScanProgress[] = [];
    const result = await embedded.pipeline.run(
      {
        jobId: 'a',
        imagePath: save('apose.jpg', await aPoseRender()),
        sideImagePath: null,
        gender: 'female',
        heightCm: 165,
        clothing: 'regular',
        shoes: null,
      },
      (progress) => stages.push(progress),
    );
    expect(stages.map((stage) => stage.stage)).toEqual(['detect', 'silhouette', 'fit', 'measure', 'export']);
    const m = result.measurements;
    expect(value(m, 'height')).toBeGreaterThan(160);
    expect(value(m, 'height')).toBeLessThan(170);
    // Plausible adult female ranges (ANSUR II 1st–99th percentile, widened for the dress she wears).
    for (const [name, low, high] of [
      ['chest', 75, 115],
      ['waist', 60, 105],
      ['hip', 85, 120],
      ['inseam', 65, 85],
      ['shoulder_width', 30, 45],
      ['arm_length', 45, 65],
      ['thigh', 45, 72],
      ['neck', 28, 42],
    ] as const) {
      expect(value(m, name), name).toBeGreaterThan(low);
      expect(value(m, name), name).toBeLessThan(high);
    }
    // Waist narrower than hip, as in nearly every woman of the survey.
    expect(value(m, 'waist')).toBeLessThan(value(m, 'hip'));
    for (const name of ['chest', 'waist', 'hip']) {
      const sd = m.find((measurement) => measurement.name === name)!.sdCm!;
      expect(sd, name).toBeGreaterThan(0.5);
      expect(sd, name).toBeLessThan(10);
    }
    expect(result.provenance).toMatchObject({ pipeline: 'embedded', executionProvider: 'onnxruntime-cpu' });
    expect(result.provenance.notes.join(' ')).not.toMatch(/Height not given/);
    // A front photo alone has no pair to average the hip with.
    expect(result.provenance.notes).not.toContain(frontAloneHipNote);
    expect(result.provenance.notes.join(' ')).toMatch(
      /Read from the photos' outline at their own height, [^.]*waist \(breadth from the front photo/,
    );
    expect(result.artifacts.map((artifact) => artifact.name).sort()).toEqual(['mesh.glb', 'mesh.obj', 'smplx_params.npz']);
    const params = decodeSmplParamsNpz(result.artifacts.find((artifact) => artifact.name === 'smplx_params.npz')!.bytes);
    expect(Array.from(params.betas.slice(0, 10))).toEqual(result.betas.map((beta) => expect.closeTo(beta, 4)));
    expect(result.bodyPose).toHaveLength(69);
  });

  it('without a height assumes the survey mean, says so, and widens every confidence', async () => {
    const path = save('apose2.jpg', await aPoseRender());
    const known = await embedded.pipeline.run(
      { jobId: 'b', imagePath: path, sideImagePath: null, gender: 'female', heightCm: 163, clothing: 'regular', shoes: null },
      () => undefined,
    );
    const assumed = await embedded.pipeline.run(
      { jobId: 'c', imagePath: path, sideImagePath: null, gender: 'female', heightCm: null, clothing: 'regular', shoes: null },
      () => undefined,
    );
    expect(assumed.provenance.notes.join(' ')).toMatch(/Height not given: the scale assumes the survey's mean stature/);
    for (const name of ['height', 'chest', 'waist', 'hip']) {
      const sd = (result: typeof known): number => result.measurements.find((m) => m.name === name)!.sdCm!;
      expect(sd(assumed), name).toBeGreaterThan(sd(known));
    }
  });

  it("judges the clothing from the front photo when none is given: a dress over skin is not bare skin, so regular, with the other classes in its girths' SD", async () => {
    const path = save('apose3.jpg', await aPoseRender());
    const input = { jobId: 'g', imagePath: path, sideImagePath: null, gender: 'female', heightCm: 163, shoes: null } as const;
    const chosen = await embedded.pipeline.run({ ...input, clothing: 'regular' }, () => undefined);
    const judged = await embedded.pipeline.run({ ...input, clothing: null }, () => undefined);
    expect(chosen).toMatchObject({ clothing: 'regular', clothingSource: 'staff' });
    expect(judged).toMatchObject({ clothing: 'regular', clothingSource: 'photo' });
    // The same figures as staff's `regular`; the girths the clothes reach are less sure, the rest as sure.
    const byName = (result: typeof chosen) => new Map(result.measurements.map((measurement) => [measurement.name, measurement]));
    const [given, open] = [byName(chosen), byName(judged)];
    expect([...open.keys()]).toEqual([...given.keys()]);
    for (const [name, measurement] of open) {
      expect(measurement.valueCm, name).toBe(given.get(name)!.valueCm);
      const sd = (each: { sdCm: number | null }): number => each.sdCm!;
      if (['chest', 'waist', 'hip'].includes(name)) expect(sd(measurement), name).toBeCloseTo(Math.hypot(sd(given.get(name)!), 6.6), 1);
      else if (['thigh', 'calf'].includes(name)) expect(sd(measurement), name).toBeCloseTo(Math.hypot(sd(given.get(name)!), 3.5), 1);
      else if (['height', 'neck', 'upper_arm', 'inseam', 'arm_length'].includes(name))
        expect(measurement.sdCm, name).toBe(given.get(name)!.sdCm);
    }
    expect(judged.provenance.notes.join(' ')).toMatch(
      /Clothing not given: judged regular from the front photo, as the trunk or thighs are not.*includes ±6.6 cm on the trunk and ±3.5 cm on the legs/,
    );
    expect(chosen.provenance.notes.join(' ')).not.toMatch(/Clothing not given/);
  });

  it("rejects a photo it cannot measure with the capture check's code", async () => {
    const run = async (photo: Buffer) =>
      embedded.pipeline.run(
        {
          jobId: 'd',
          imagePath: save('bad.jpg', photo),
          sideImagePath: null,
          gender: 'female',
          heightCm: 165,
          clothing: 'regular',
          shoes: null,
        },
        () => undefined,
      );
    await expect(run(await withoutFeet(await aPoseRender()))).rejects.toMatchObject({
      name: 'ScanRejectedError',
      code: 'feet_out_of_frame',
    });
    await expect(run(await mirrorSelfie())).rejects.toBeInstanceOf(ScanRejectedError);
  });

  it('rejects a side photo that is not in profile', async () => {
    const front = save('front.jpg', await aPoseRender());
    const scan = embedded.pipeline.run(
      { jobId: 'e', imagePath: front, sideImagePath: front, gender: 'female', heightCm: 165, clothing: 'regular', shoes: null },
      () => undefined,
    );
    await expect(scan).rejects.toMatchObject({ code: 'not_in_profile', message: expect.stringMatching(/^Side photo:/) });
  });
});

describe('capture checks on real pictures broken on purpose', () => {
  it('passes the A-pose render as it is', async () => {
    expect(await issuesOf(await aPoseRender())).toEqual([]);
  });

  it('feet_out_of_frame on a crop without the feet, head_out_of_frame on one without the head', async () => {
    expect(codes(await issuesOf(await withoutFeet(await aPoseRender())))).toContain('feet_out_of_frame');
    expect(codes(await issuesOf(await withoutHead(await aPoseRender())))).toContain('head_out_of_frame');
  });

  it('multiple_people (a warning) on a photo of three people', async () => {
    const issues = await issuesOf(await threePeople());
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'multiple_people', severity: 'warning', message: expect.stringContaining('3 faces') }),
    );
  });

  it('too_dark on a darkened copy and too_blurry on a blurred one', async () => {
    const photo = await aPoseRender();
    expect(codes(await issuesOf(await darkened(photo)))).toContain('too_dark');
    expect(codes(await issuesOf(await blurred(photo)))).toContain('too_blurry');
    expect(codes(await issuesOf(await blurred(await mirrorSelfie())))).toContain('too_blurry');
  });

  it('person_too_small when the person is pasted small into a big frame', async () => {
    expect(codes(await issuesOf(await tinyInCanvas(await aPoseRender())))).toContain('person_too_small');
  });

  it('arms_against_body on the mirror selfie (one arm hangs against her side)', async () => {
    expect(codes(await issuesOf(await mirrorSelfie()))).toContain('arms_against_body');
  });

  it('not_in_profile when a front photo is sent as the side view; no_person on an empty frame', async () => {
    expect(codes(await issuesOf(await aPoseRender(), 'side'))).toEqual(['not_in_profile']);
    const empty = await (
      await import('sharp')
    )
      .default({ create: { width: 600, height: 900, channels: 3, background: '#c8c8c8' } })
      .jpeg()
      .toBuffer();
    expect(codes(await issuesOf(empty))).toContain('no_person');
  });
});
