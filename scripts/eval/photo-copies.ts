/**
 * Whether a scan holds when the same photos arrive as copies (scripts/capture/photo-copies.ts: the
 * mirror image, a copy at 60% of the size and a copy re-encoded as JPEG quality 60; issue 16: the
 * same decision, and within 0.5 cm per girth), on the seed the report is for. The first subjects'
 * front + side + height scans are repeated with both photos copied the same way, and each copy's
 * girths are compared with the original scan's. The capture study (scripts/capture/) looks at the
 * dev seed's copies in more detail; this is the figure the report carries, test seed included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { photoCopies, photoCopyNames, type PhotoCopy } from '../capture/photo-copies.js';
import { ScanRejectedError, type ScanInput } from '../../src/main/inference/pipeline.js';
import type { RescanOptions } from './scan-population.js';
import { staffInputs } from './scan-population.js';

const copyLabels: Record<PhotoCopy, string> = {
  mirrored: 'mirror image',
  resized: '60% of the size (Lanczos)',
  reencoded: 'JPEG quality 60',
};

const copiedGirths = ['chest', 'waist', 'hip'] as const;
type CopiedGirth = (typeof copiedGirths)[number];
/** The issue's limit on how far a copy may move a girth. */
const copyLimitCm = 0.5;
const copiedInputSet = 'front+side+height';

export interface CopyRecord {
  subjectId: string;
  copy: PhotoCopy;
  /** The refusal code of the original scan and of the copy's (null: accepted). */
  originalRefusal: string | null;
  refusal: string | null;
  /** Copy − original per girth (cm), when both were accepted. */
  changeCm: Partial<Record<CopiedGirth, number>>;
}

export async function scanCopies(options: RescanOptions): Promise<CopyRecord[]> {
  const dir = mkdtempSync(join(tmpdir(), 'perfit-eval-copies-'));
  const records: CopyRecord[] = [];
  try {
    for (const subject of options.subjects.slice(0, options.count)) {
      const original = options.scans.find(
        (scan) => scan.subjectId === subject.id && scan.pipeline === options.pipeline.info.name && scan.inputSet === copiedInputSet,
      );
      const paths = options.photos.get(subject.id);
      if (!original || !paths) continue;
      const photos = { front: readFileSync(paths.front), side: readFileSync(paths.side) };
      for (const copy of photoCopyNames) {
        const make = photoCopies[copy];
        const copied = { front: join(dir, `${subject.id}-${copy}-front.jpg`), side: join(dir, `${subject.id}-${copy}-side.jpg`) };
        writeFileSync(copied.front, await make(photos.front));
        writeFileSync(copied.side, await make(photos.side));
        const input: ScanInput = {
          jobId: `${subject.id}-${copiedInputSet}-${copy}`,
          imagePath: copied.front,
          sideImagePath: copied.side,
          gender: subject.sex,
          heightCm: subject.truth.height,
          ...staffInputs(subject),
        };
        const record: CopyRecord = {
          subjectId: subject.id,
          copy,
          originalRefusal: original.refusal?.code ?? null,
          refusal: null,
          changeCm: {},
        };
        try {
          const result = await options.pipeline.run(input, () => {});
          for (const girth of copiedGirths) {
            const value = result.measurements.find((measurement) => measurement.name === girth);
            const before = original.values[girth];
            if (value && before) record.changeCm[girth] = value.valueCm - before.estimateCm;
          }
        } catch (error) {
          if (!(error instanceof ScanRejectedError)) throw error;
          record.refusal = error.code;
        }
        records.push(record);
        const moved = copiedGirths.map((girth) => record.changeCm[girth]?.toFixed(2) ?? '–').join(' / ');
        options.onProgress(
          `${subject.id} ${copy}: ${record.refusal ? `refused ${record.refusal}` : `chest / waist / hip moved ${moved} cm`}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return records;
}

const meanOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const f2 = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');

/** The report's section on the copies. */
export function formatCopies(records: CopyRecord[], pipeline: string): string[] {
  if (records.length === 0) return [];
  const subjects = new Set(records.map((record) => record.subjectId)).size;
  const lines = [
    `## ${pipeline}: the same photos as copies`,
    '',
    `The first ${subjects} subjects' ${copiedInputSet} scans, repeated with both photos as a copy: their mirror image, a copy at 60% of the size and a copy re-encoded as JPEG quality 60 (scripts/eval/photo-copies.ts). Target (issue 16): every copy gets the original's decision, and each girth's mean |copy − original| over the scans both accepted is at most ${copyLimitCm} cm; the largest, and how many single girths stayed within ${copyLimitCm} cm, are shown beside it.`,
    '',
    `| copy | scans | same decision | chest mean / max (cm) | waist mean / max (cm) | hip mean / max (cm) | girths within ${copyLimitCm} cm | target |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const copy of photoCopyNames) {
    const ofCopy = records.filter((record) => record.copy === copy);
    const same = ofCopy.filter((record) => record.refusal === record.originalRefusal).length;
    // |copy − original| of each girth over this copy's scans that were both accepted.
    const changes = copiedGirths.map((girth) =>
      ofCopy.flatMap((record) => (record.changeCm[girth] === undefined ? [] : [Math.abs(record.changeCm[girth])])),
    );
    const cells = changes.map((ofGirth) => (ofGirth.length ? `${f2(meanOf(ofGirth))} / ${f2(Math.max(...ofGirth))}` : '–'));
    const all = changes.flat();
    const within = all.filter((change) => change <= copyLimitCm).length;
    const meansWithin = changes.every((ofGirth) => ofGirth.length > 0 && meanOf(ofGirth) <= copyLimitCm);
    const met = same === ofCopy.length && meansWithin;
    lines.push(
      `| ${copyLabels[copy]} | ${ofCopy.length} | ${same}/${ofCopy.length} | ${cells.join(' | ')} | ${within}/${all.length} | ${met ? 'met' : '**missed**'} |`,
    );
  }
  lines.push('');
  return lines;
}
