import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { presentCalibrationStatus } from '../../main/api/calibration/presenters.js';
import { calibrateWithPerson, maxCalibrationSoleCm, personHeightRangeCm } from '../../main/calibration/calibrate-with-person.js';
import { CalibrationStore, type CalibrationStatus } from '../../main/calibration/calibration-store.js';
import { threadPhotoReader, type PersonPhotoReader } from '../../main/calibration/photo-reader.js';
import { validateImageBytes } from '../../main/images/validate-image.js';
import { describeZodIssues } from '../../main/zod-issues.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { dataFolderConfig } from '../data-folder.js';

const usage = `perfit calibrate --height-cm N FRONT_PHOTO [--side SIDE_PHOTO] [--sole-cm N] [--data-dir DIR] [--json]
       perfit calibrate --status [--data-dir DIR] [--json]
Calibrates the kiosk's camera (docs/calibration.md): a person whose height was measured stands on
the floor markers and is photographed by the kiosk's camera from the front (and in profile).
The photos are read as a scan reads them; the camera's height (taken as level) is stored in the
data folder, replacing any calibration. A running service picks it up at once.
--status prints the calibration and whether it still holds (missing, ok, stale).
  --height-cm N            the person's measured height (${personHeightRangeCm[0]}-${personHeightRangeCm[1]})
  --side PHOTO             the person in profile on the markers (checks the front photo)
  --sole-cm N              the sole under their feet in the photos (0, socks, by default; at most ${maxCalibrationSoleCm})
  --data-dir DIR           data folder (PERFIT_DATA_DIR)
  --json                   print the answer of GET /api/v1/calibration`;

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

function describeStatus(status: CalibrationStatus): string {
  const lines = [`Calibration: ${status.state}`, status.detail];
  const record = status.record;
  if (record) {
    lines.push(
      `  camera height   ${(record.camera.heightM * 100).toFixed(1)} cm above the floor`,
      `  tilt            taken as level (one person cannot give it)`,
      `  photos          ${record.camera.imageWidth}×${record.camera.imageHeight}, focal length ` +
        `${record.camera.focalPx.toFixed(0)} px (${record.camera.verticalFovDeg}° lens)`,
      `  floor line      ${(record.reference.floorShare * 100).toFixed(1)}% down the photo, ` +
        `${(record.reference.floorDistanceM * 100).toFixed(0)} cm from the lens`,
      `  calibrated      ${record.calibratedAt} with a person of ${record.reference.personHeightCm} cm`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `readPhotos` lets tests stand in for the Human thread; the command reads the photos with it otherwise. */
export async function runCalibrate(argv: string[], io: CliIo, deps: { readPhotos?: PersonPhotoReader } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      'height-cm': { type: 'string' },
      side: { type: 'string' },
      'sole-cm': { type: 'string', default: '0' },
      status: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
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
  if (positionals.length !== 1) throw new CliUsageError('Give one front photo (and --side for the profile)');
  if (values['height-cm'] === undefined)
    throw new CliUsageError('--height-cm is required: the measured height of the person in the photos');
  const flags = flagsSchema.safeParse({ heightCm: Number(values['height-cm']), soleCm: Number(values['sole-cm']) });
  if (!flags.success) throw new CliUsageError(describeZodIssues(flags.error.issues));
  const photo = async (path: string, field: string): Promise<Uint8Array> => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new CliUsageError(`Cannot read ${path}: ${(error as Error).message}`);
    }
    return (await validateImageBytes(bytes, config.limits, { field })).bytes;
  };
  const front = await photo(positionals[0]!, 'the front photo');
  const side = values.side === undefined ? null : await photo(values.side, 'the side photo');
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
