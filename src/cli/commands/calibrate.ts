import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { presentCalibrationStatus } from '../../main/api/calibration/presenters.js';
import { calibrateWithMarker } from '../../main/calibration/calibrate-with-marker.js';
import { calibrateWithPerson, maxCalibrationSoleCm, personHeightRangeCm } from '../../main/calibration/calibrate-with-person.js';
import type { CalibrationRecord } from '../../main/calibration/calibration-record.js';
import { CalibrationStore, type CalibrationStatus } from '../../main/calibration/calibration-store.js';
import { markerSizeRangeCm } from '../../main/calibration/floor-marker.js';
import { floorMarkerSvg } from '../../main/calibration/marker-svg.js';
import { threadPhotoReader, type CalibrationPhotoReader } from '../../main/calibration/photo-reader.js';
import { validateImageBytes } from '../../main/images/validate-image.js';
import { describeZodIssues } from '../../main/zod-issues.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { dataFolderConfig } from '../data-folder.js';

/** The marker --marker-svg prints by default: it fits an A3 sheet with its white margin. */
const defaultMarkerSvgCm = 22;

const usage = `perfit calibrate --height-cm N FRONT_PHOTO [--side SIDE_PHOTO] [--sole-cm N] [--data-dir DIR] [--json]
       perfit calibrate --marker-cm SIZE PHOTO [--data-dir DIR] [--json]
       perfit calibrate --marker-svg [--marker-cm SIZE] > marker.svg
       perfit calibrate --status [--data-dir DIR] [--json]
Calibrates the kiosk's camera (docs/calibration.md), replacing any calibration in the data folder;
a running service picks it up at once. Two ways:
  a person whose height was measured stands on the floor markers and is photographed by the
  kiosk's camera from the front (and in profile); the photos are read as a scan reads them and
  the camera's height is stored, the camera taken as level;
  the printed floor marker lies at the floor markers and is photographed once by the kiosk's
  camera; the camera's height, tilt and roll are measured from its corners.
--marker-svg prints the marker to print (at 100%, actual size; ${defaultMarkerSvgCm} cm unless --marker-cm).
--status prints the calibration and whether it still holds (missing, ok, stale).
  --height-cm N            the person's measured height (${personHeightRangeCm[0]}-${personHeightRangeCm[1]})
  --side PHOTO             the person in profile on the markers (checks the front photo)
  --sole-cm N              the sole under their feet in the photos (0, socks, by default; at most ${maxCalibrationSoleCm})
  --marker-cm SIZE         the printed marker's black square, measured on the print (${markerSizeRangeCm[0]}-${markerSizeRangeCm[1]})
  --data-dir DIR           data folder (PERFIT_DATA_DIR)
  --json                   print the answer of GET /api/v1/calibration`;

const markerSizeSchema = z
  .number({ message: '--marker-cm must be a number' })
  .min(markerSizeRangeCm[0], `--marker-cm must be between ${markerSizeRangeCm[0]} and ${markerSizeRangeCm[1]}`)
  .max(markerSizeRangeCm[1], `--marker-cm must be between ${markerSizeRangeCm[0]} and ${markerSizeRangeCm[1]}`);

const flagsSchema = z.object({
  heightCm: z
    .number({ message: '--height-cm must be a number' })
    .min(personHeightRangeCm[0], `--height-cm must be between ${personHeightRangeCm[0]} and ${personHeightRangeCm[1]}`)
    .max(personHeightRangeCm[1], `--height-cm must be between ${personHeightRangeCm[0]} and ${personHeightRangeCm[1]}`),
  soleCm: z
    .number({ message: '--sole-cm must be a number' })
    .min(0, '--sole-cm must not be negative')
    .max(maxCalibrationSoleCm, `--sole-cm must be at most ${maxCalibrationSoleCm}`),
});

function describeMethod(record: CalibrationRecord): string[] {
  if (record.method === 'marker')
    return [
      `  tilt            ${record.camera.tiltDeg.toFixed(2)}° (measured; positive looks up), roll ${record.reference.rollDeg.toFixed(2)}°`,
      `  marker          ${record.reference.markerSizeCm} cm, corners fitted to ${record.reference.reprojectionErrorPx.toFixed(2)} px`,
    ];
  return [`  tilt            taken as level (one person cannot give it)`];
}

function describeStatus(status: CalibrationStatus): string {
  const lines = [`Calibration: ${status.state}`, status.detail];
  const record = status.record;
  if (record) {
    lines.push(
      `  camera height   ${(record.camera.heightM * 100).toFixed(1)} cm above the floor`,
      ...describeMethod(record),
      `  photos          ${record.camera.imageWidth}×${record.camera.imageHeight}, focal length ` +
        `${record.camera.focalPx.toFixed(0)} px (${record.camera.verticalFovDeg}° lens)`,
      `  floor line      ${(record.reference.floorShare * 100).toFixed(1)}% down the photo, ` +
        `${(record.reference.floorDistanceM * 100).toFixed(0)} cm from the lens`,
      `  calibrated      ${record.calibratedAt} with ` +
        (record.method === 'marker'
          ? `a ${record.reference.markerSizeCm} cm floor marker`
          : `a person of ${record.reference.personHeightCm} cm`),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function readPhoto(path: string, field: string, limits: Parameters<typeof validateImageBytes>[1]): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliUsageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return (await validateImageBytes(bytes, limits, { field })).bytes;
}

/** `readPhotos` lets tests stand in for the reader's thread; the command reads the photos with it otherwise. */
export async function runCalibrate(argv: string[], io: CliIo, deps: { readPhotos?: CalibrationPhotoReader } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      'height-cm': { type: 'string' },
      side: { type: 'string' },
      'sole-cm': { type: 'string', default: '0' },
      'marker-cm': { type: 'string' },
      'marker-svg': { type: 'boolean', default: false },
      status: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const markerCm = (): number => {
    const parsed = markerSizeSchema.safeParse(Number(values['marker-cm'] ?? defaultMarkerSvgCm));
    if (!parsed.success) throw new CliUsageError(describeZodIssues(parsed.error.issues));
    return parsed.data;
  };
  if (values['marker-svg']) {
    if (positionals.length > 0 || values.status) throw new CliUsageError('--marker-svg takes no photo');
    io.stdout.write(floorMarkerSvg(markerCm()));
    return 0;
  }
  const config = dataFolderConfig(io, values['data-dir']);
  const store = new CalibrationStore(config.dataDir);
  const print = (status: CalibrationStatus): void => {
    io.stdout.write(values.json ? `${JSON.stringify(presentCalibrationStatus(status), null, 2)}\n` : describeStatus(status));
  };
  if (values.status) {
    if (positionals.length > 0 || values['height-cm'] !== undefined) throw new CliUsageError('--status takes no photo and no height');
    const status = store.status();
    print(status);
    return status.state === 'ok' ? 0 : 1;
  }
  if (values['marker-cm'] !== undefined && values['height-cm'] !== undefined)
    throw new CliUsageError('Give --height-cm (a person) or --marker-cm (the floor marker), not both');
  if (positionals.length !== 1)
    throw new CliUsageError(
      values['marker-cm'] !== undefined ? 'Give one photo of the floor marker' : 'Give one front photo (and --side for the profile)',
    );
  if (values['marker-cm'] !== undefined) {
    if (values.side !== undefined) throw new CliUsageError('--side is for a person; the marker takes one photo');
    const size = markerCm();
    const photo = await readPhoto(positionals[0]!, 'the marker photo', config.limits);
    io.stderr.write('Looking for the floor marker…\n');
    await calibrateWithMarker({ photo, markerSizeCm: size }, { readPhotos: deps.readPhotos ?? threadPhotoReader(), store });
    print(store.status());
    return 0;
  }
  if (values['height-cm'] === undefined)
    throw new CliUsageError('--height-cm is required: the measured height of the person in the photos');
  const flags = flagsSchema.safeParse({ heightCm: Number(values['height-cm']), soleCm: Number(values['sole-cm']) });
  if (!flags.success) throw new CliUsageError(describeZodIssues(flags.error.issues));
  const front = await readPhoto(positionals[0]!, 'the front photo', config.limits);
  const side = values.side === undefined ? null : await readPhoto(values.side, 'the side photo', config.limits);
  io.stderr.write('Reading the photos (Human loads first, a few seconds)…\n');
  await calibrateWithPerson(
    { front, side, personHeightCm: flags.data.heightCm, soleCm: flags.data.soleCm },
    { readPhotos: deps.readPhotos ?? threadPhotoReader(), store },
  );
  print(store.status());
  return 0;
}

export const calibrateCommand: CliCommand = {
  usage,
  run: (argv, io) => runCalibrate(argv, io),
};
