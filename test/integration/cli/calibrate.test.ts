import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCalibrate } from '../../../src/cli/commands/calibrate.js';
import { main } from '../../../src/cli/main.js';
import { CalibrationStore } from '../../../src/main/calibration/calibration-store.js';
import type { CalibrationPhotoReader } from '../../../src/main/calibration/photo-reader.js';
import { markerReading, personReading } from '../../factories/calibration-photos.js';
import { markerPhoto } from '../../factories/marker-photo.js';
import { makePhoto } from '../../fixtures/api/images.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  return { io: { stdout, stderr, env: {} }, out };
}

/** Stands in for the Human thread (tested on rendered bodies in test/integration/calibration): a level camera 1.31 m up, the person 3.3 m away. */
const reader: CalibrationPhotoReader = async (photos) =>
  photos.map((photo) =>
    photo.view === 'marker'
      ? markerReading({ imageWidth: 720, imageHeight: 1280, heightM: 1.31, tiltDeg: -2.5, rollDeg: 1 }, { sideM: 0.22, distanceM: 3.1 })
      : personReading({ imageWidth: 720, imageHeight: 1280, heightM: 1.31, tiltDeg: 0 }, photo.view, {
          statureM: 1.682 + 0.025,
          distanceM: 3.3,
        }),
  );

describe('perfit calibrate', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let front: string;
  beforeEach(async () => {
    dir = makeTempDir('perfit-cli-calibrate-');
    front = join(dir.path, 'front.jpg');
    writeFileSync(front, await makePhoto({ width: 720, height: 1280 }));
  });
  afterEach(() => dir.remove());

  it('says the camera is not calibrated, exit code 1, before any calibration', async () => {
    const run = io();
    expect(await main(['calibrate', '--status', '--data-dir', dir.path], run.io)).toBe(1);
    expect(run.out.stdout).toMatch(/Calibration: missing/);
    expect(run.out.stdout).toMatch(/perfit calibrate/);
  });

  it('calibrates from a front and a side photo with the sole taken off, stores it, and shows it with --status --json', async () => {
    const run = io();
    const code = await runCalibrate(['--data-dir', dir.path, '--height-cm', '168.2', '--sole-cm', '2.5', '--side', front, front], run.io, {
      readPhotos: reader,
    });
    expect(code, run.out.stderr).toBe(0);
    expect(run.out.stdout).toMatch(/Calibration: ok/);
    expect(run.out.stdout).toMatch(/camera height\s+131\.0 cm/);
    const record = new CalibrationStore(dir.path).read()!;
    expect(record.camera.heightM).toBeCloseTo(1.31, 6);
    expect(record.reference).toMatchObject({ personHeightCm: 168.2, soleCm: 2.5 });
    expect(record.method === 'person' ? record.reference.views.map((view) => view.view) : null).toEqual(['front', 'side']);
    const status = io();
    expect(await main(['calibrate', '--status', '--json', '--data-dir', dir.path], status.io)).toBe(0);
    expect(JSON.parse(status.out.stdout)).toMatchObject({
      state: 'ok',
      calibration: { camera: { height_cm: 131 }, reference: { person_height_cm: 168.2 } },
    });
  });

  it('refuses a missing height, a height out of range, a missing photo and an unreadable one with exit code 2', async () => {
    for (const args of [
      [front],
      ['--height-cm', '60', front],
      ['--height-cm', '170'],
      ['--height-cm', '170', join(dir.path, 'nope.jpg')],
    ]) {
      const run = io();
      expect(await main(['calibrate', '--data-dir', dir.path, ...args], run.io), args.join(' ')).toBe(2);
      expect(run.out.stderr).toMatch(/Usage: perfit calibrate/);
    }
    expect(new CalibrationStore(dir.path).read()).toBeNull();
  });

  it('refuses a file that is not a photo with its image code', async () => {
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'not a photo at all, just some words in a file');
    const run = io();
    expect(await main(['calibrate', '--data-dir', dir.path, '--height-cm', '170', text], run.io)).toBe(1);
    expect(run.out.stderr).toMatch(/\[unsupported_format\]/);
  });

  it('calibrates from a photo of the floor marker in the real reader thread, with the tilt measured, and shows it', async () => {
    const photo = join(dir.path, 'marker.jpg');
    const camera = { imageWidth: 720, imageHeight: 1280, heightM: 1.18, tiltDeg: -3.2, rollDeg: 0.8 };
    writeFileSync(photo, await markerPhoto({ camera, sideM: 0.22, distanceM: 3.0, blurSigma: 0.8, noiseSd: 3 }));
    const run = io();
    const code = await main(['calibrate', '--data-dir', dir.path, '--marker-cm', '22', photo], run.io);
    expect(code, run.out.stderr).toBe(0);
    expect(run.out.stdout).toMatch(/Calibration: ok/);
    expect(run.out.stdout).toMatch(/22 cm floor marker/);
    expect(run.out.stdout).toMatch(/tilt\s+-3\.\d\d° \(measured/);
    const record = new CalibrationStore(dir.path).read()!;
    expect(record.method).toBe('marker');
    expect(Math.abs(record.camera.heightM - 1.18)).toBeLessThan(0.01);
    expect(Math.abs(record.camera.tiltDeg + 3.2)).toBeLessThan(0.2);
    expect(record.camera.tiltSource).toBe('measured');
  }, 60_000);

  it('refuses a photo without the marker with its code, and a marker size out of range or beside a height', async () => {
    const reader: CalibrationPhotoReader = async (photos) =>
      photos.map((photo) =>
        photo.view === 'marker'
          ? markerReading({ imageWidth: 720, imageHeight: 1280, heightM: 1.31, tiltDeg: -2.5, rollDeg: 1 }, { sideM: 0.22, distanceM: 3.1 })
          : personReading({ imageWidth: 720, imageHeight: 1280, heightM: 1.31, tiltDeg: 0 }, photo.view, { statureM: 1.7, distanceM: 3 }),
      );
    const stubbed = io();
    expect(await runCalibrate(['--data-dir', dir.path, '--marker-cm', '22', front], stubbed.io, { readPhotos: reader })).toBe(0);
    expect(new CalibrationStore(dir.path).read()!.camera.heightM).toBeCloseTo(1.31, 6);
    const missing = io();
    expect(await main(['calibrate', '--data-dir', dir.path, '--marker-cm', '22', front], missing.io)).toBe(1);
    expect(missing.out.stderr).toMatch(/calibration_marker_not_found/);
    for (const args of [
      ['--marker-cm', '3', front],
      ['--marker-cm', '22', '--height-cm', '170', front],
      ['--marker-cm', '22', front, '--side', front],
    ]) {
      const run = io();
      expect(await main(['calibrate', '--data-dir', dir.path, ...args], run.io), args.join(' ')).toBe(2);
    }
  }, 60_000);

  it('prints the marker to print as SVG at the size asked, in millimetres', async () => {
    const run = io();
    expect(await main(['calibrate', '--marker-svg', '--marker-cm', '18'], run.io)).toBe(0);
    expect(run.out.stdout).toMatch(/^<\?xml/);
    expect(run.out.stdout).toMatch(/width="\d+(\.\d+)?mm"/);
    // 8 × 8 cells of 22.5 mm: the first border cell at the 22.5 mm margin.
    expect(run.out.stdout).toContain('<rect x="22.5" y="22.5" width="22.5" height="22.5"/>');
  });
});
