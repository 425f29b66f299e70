import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { describeZodIssues } from '../zod-issues.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import {
  calibrationRecordSchema,
  scanCalibrationOf,
  type CalibrationRecord,
  type ScanCalibration,
  type SolvedCalibration,
} from './calibration-record.js';
import { floorDriftTolerance } from './camera-stature.js';
import { CalibrationError } from './errors.js';
import { median } from '../inference/frame-fusion.js';

/**
 * The kiosk's calibration in the data folder: `calibration.json` (the record, replaced whole by a
 * new calibration, possibly by `perfit calibrate` while the service runs: it is read again when
 * the file changes) and `calibration-checks.json` (the floor line of the last scans, written by
 * the service after each scan, tied to the record's id so that a new calibration starts afresh).
 */

export const calibrationFileName = 'calibration.json';
export const calibrationChecksFileName = 'calibration-checks.json';

/** How many recent scans' floor lines are kept, and how many are needed before judging the camera moved. */
const keptChecks = 5;
const minChecksForStale = 3;

const checksFileSchema = z
  .object({
    version: z.literal(1),
    calibrationId: z.uuid(),
    checks: z
      .array(
        z.object({
          floorShare: z.number().min(0).max(1),
          /** The camera's tilt since calibration as the scan's background edge showed it (+ up); null: not read. */
          tiltChangeDeg: z.number().min(-45).max(45).nullable().default(null),
          at: z.iso.datetime(),
        }),
      )
      .max(keptChecks),
  })
  .strict();
type ChecksFile = z.infer<typeof checksFileSchema>;

export type CalibrationState = 'missing' | 'ok' | 'stale' | 'invalid';

export interface CalibrationStatus {
  state: CalibrationState;
  /** What the state means, in words, with what to do about it. */
  detail: string;
  record: CalibrationRecord | null;
  /** The median of the recent scans' floor lines minus the reference's, as a share of the photo height; null before any. */
  floorDriftShare: number | null;
  /** The median of the recent scans' tilt since calibration, read from the background's edge (degrees, + up); null when none read it. */
  tiltChangeDeg: number | null;
  checkedScans: number;
}

/** What the recent scans' background edge says of the camera since calibration, when it has turned by a tenth of a degree or more. */
function tiltSince(tiltChangeDeg: number | null): string {
  if (tiltChangeDeg === null || Math.abs(tiltChangeDeg) < 0.1) return '';
  return (
    ` The last scans found it turned ${Math.abs(tiltChangeDeg).toFixed(1)}° ${tiltChangeDeg > 0 ? 'up' : 'down'} since, by the ` +
    "background's edge, and read the heights through the camera so turned."
  );
}

export class CalibrationStore {
  readonly path: string;
  readonly checksPath: string;
  private cached: { mtimeMs: number; size: number; record: CalibrationRecord } | null = null;

  constructor(
    readonly dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, calibrationFileName);
    this.checksPath = join(dataDir, calibrationChecksFileName);
  }

  /** The stored calibration, or null when there is none; throws `calibration_file_invalid` for a damaged file. */
  read(): CalibrationRecord | null {
    let stat: { mtimeMs: number; size: number };
    try {
      stat = statSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.cached = null;
        return null;
      }
      throw new CalibrationError(
        'calibration_file_invalid',
        `The calibration file ${this.path} cannot be read: ${(error as Error).message}`,
      );
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.record;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new CalibrationError(
        'calibration_file_invalid',
        `The calibration file ${this.path} is not JSON (${(error as Error).message}); calibrate again`,
      );
    }
    const parsed = calibrationRecordSchema.safeParse(json);
    if (!parsed.success)
      throw new CalibrationError(
        'calibration_file_invalid',
        `The calibration file ${this.path} is invalid (${describeZodIssues(parsed.error.issues)}); calibrate again`,
      );
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, record: parsed.data };
    return parsed.data;
  }

  /** Stores a new calibration (replacing any) and forgets the floor lines seen under the old one. */
  save(solved: SolvedCalibration): CalibrationRecord {
    const record = calibrationRecordSchema.parse({ version: 1, id: randomUUID(), calibratedAt: this.clock().toISOString(), ...solved });
    // `perfit calibrate` may run before the service ever made the data folder.
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
    this.writeChecks({ version: 1, calibrationId: record.id, checks: [] });
    return record;
  }

  /** The calibration a scan is given: null when there is none or its file is damaged (the status says which). */
  forScan(): ScanCalibration | null {
    try {
      const record = this.read();
      return record ? scanCalibrationOf(record) : null;
    } catch {
      return null;
    }
  }

  /**
   * A scan's front photo put the floor line at `floorShare` of its height under calibration
   * `calibrationId`, and showed the camera turned by `tiltChangeDeg` since (null: not read).
   */
  recordFloorCheck(calibrationId: string, floorShare: number, tiltChangeDeg: number | null = null): void {
    const current = this.readChecks();
    const checks = current && current.calibrationId === calibrationId ? current.checks : [];
    const check = { floorShare, tiltChangeDeg, at: this.clock().toISOString() };
    this.writeChecks({ version: 1, calibrationId, checks: [...checks, check].slice(-keptChecks) });
  }

  status(): CalibrationStatus {
    let record: CalibrationRecord | null;
    try {
      record = this.read();
    } catch (error) {
      return {
        state: 'invalid',
        detail: (error as Error).message,
        record: null,
        floorDriftShare: null,
        tiltChangeDeg: null,
        checkedScans: 0,
      };
    }
    if (!record) {
      return {
        state: 'missing',
        detail:
          'The camera is not calibrated: heights are not read from the photo and typed heights are not ' +
          'checked. Calibrate from the staff settings or with `perfit calibrate`.',
        record: null,
        floorDriftShare: null,
        tiltChangeDeg: null,
        checkedScans: 0,
      };
    }
    const checks = this.readChecks();
    const recent = checks && checks.calibrationId === record.id ? checks.checks : [];
    const drift = recent.length > 0 ? median(recent.map((check) => check.floorShare - record.reference.floorShare)) : null;
    const tilts = recent.flatMap((check) => (check.tiltChangeDeg === null ? [] : [check.tiltChangeDeg]));
    const tiltChangeDeg = tilts.length > 0 ? median(tilts) : null;
    const date = record.calibratedAt.slice(0, 10);
    if (drift !== null && recent.length >= minChecksForStale && Math.abs(drift) > floorDriftTolerance) {
      return {
        state: 'stale',
        detail:
          `Calibrated on ${date}, but the floor line of the last ${recent.length} scans is ` +
          `${(Math.abs(drift) * 100).toFixed(1)}% of the photo's height ${drift > 0 ? 'below' : 'above'} where it was: the ` +
          `camera has moved. Calibrate again.`,
        record,
        floorDriftShare: drift,
        tiltChangeDeg,
        checkedScans: recent.length,
      };
    }
    return {
      state: 'ok',
      detail:
        record.method === 'marker'
          ? `Calibrated on ${date} with a ${record.reference.markerSizeCm} cm floor marker: camera ` +
            `${(record.camera.heightM * 100).toFixed(1)} cm above the floor, tilted ${record.camera.tiltDeg.toFixed(1)}° (measured).` +
            tiltSince(tiltChangeDeg)
          : `Calibrated on ${date} with a person of ${record.reference.personHeightCm} cm: camera ` +
            `${(record.camera.heightM * 100).toFixed(1)} cm above the floor, taken as level.` +
            tiltSince(tiltChangeDeg),
      record,
      floorDriftShare: drift,
      tiltChangeDeg,
      checkedScans: recent.length,
    };
  }

  private readChecks(): ChecksFile | null {
    try {
      const parsed = checksFileSchema.safeParse(JSON.parse(readFileSync(this.checksPath, 'utf8')));
      // A damaged checks file only loses the recent floor lines; the next scan writes a new one.
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private writeChecks(file: ChecksFile): void {
    writeFileAtomic(this.checksPath, Buffer.from(`${JSON.stringify(checksFileSchema.parse(file))}\n`));
  }
}
