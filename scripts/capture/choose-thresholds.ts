/**
 * Chooses the capture checks' orientation and arm thresholds on the dev set and reports what the
 * checks decide there: false refusals per view and rule on the photos that must be accepted,
 * misses on the photos that must be refused, and whether each mirrored, resized and re-encoded
 * copy gets its original's decision.
 *
 *   node --import tsx scripts/capture/capture-dev-set.ts      # renders and observes (minutes)
 *   node --import tsx scripts/capture/choose-thresholds.ts    # this report (instant)
 *
 * A threshold is put midway between the closest accepted and refused values of its feature on
 * the dev set (largest margin on both sides). Where the two overlap, false refusals come first (the
 * issue's limit is 2% per view): the threshold lies `overlapMargin` beyond the outermost photo that
 * must be accepted, so every one of them passes, and the report says how many photos that must be
 * refused it lets through.
 * settings.ts records the values chosen.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { torsoAxis } from '../../src/main/inference/capture-checks/body-geometry.js';
import { armPostures, checkFrame, poseRuns, viewFacingRatio } from '../../src/main/inference/capture-checks/rules.js';
import { defaultCaptureCheckSettings } from '../../src/main/inference/capture-checks/settings.js';
import type { DevPhoto } from './capture-dev-set.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Feature {
  name: string;
  /** The photos whose value must lie on the accepted side, and those on the refused side. */
  accepted: (photo: DevPhoto) => boolean;
  refused: (photo: DevPhoto) => boolean;
  value: (photo: DevPhoto) => number | null;
  /** Accepted values are above the threshold (true) or below it. */
  acceptAbove: boolean;
}

const isView = (photo: DevPhoto, view: string): boolean => photo.observation.view === view;
const frontAcceptable = (photo: DevPhoto): boolean => photo.acceptable && isView(photo, 'front');
const sideAcceptable = (photo: DevPhoto): boolean => photo.acceptable && isView(photo, 'side');

const features: Feature[] = [
  {
    name: 'front: facing ratio (minFrontFacingRatio)',
    accepted: frontAcceptable,
    refused: (photo) => photo.expectedRefusal === 'not_facing_camera' || sideAcceptable(photo),
    value: (photo) => viewFacingRatio({ ...photo.observation, view: 'front' }),
    acceptAbove: true,
  },
  {
    name: 'side: facing ratio (maxSideFacingRatio)',
    accepted: sideAcceptable,
    refused: (photo) => photo.expectedRefusal === 'not_in_profile' || frontAcceptable(photo),
    value: (photo) => viewFacingRatio({ ...photo.observation, view: 'side' }),
    acceptAbove: false,
  },
  {
    name: 'front: smaller arm angle from the torso, deg (reported only: the arm rule reads the mask gap, chosen by eval-photo-report.ts)',
    accepted: frontAcceptable,
    refused: (photo) => photo.expectedRefusal === 'arms_against_body',
    // As the rule reads it: each arm at its widest over BlazePose's answers, then the lower arm.
    value: (photo) => {
      const widest = { left: -Infinity, right: -Infinity };
      for (const body of poseRuns(photo.observation)) {
        const torso = torsoAxis(body);
        for (const arm of torso ? armPostures(body, torso) : []) widest[arm.side] = Math.max(widest[arm.side], arm.angleDeg);
      }
      const lower = Math.min(widest.left, widest.right);
      return Number.isFinite(lower) ? lower : null;
    },
    acceptAbove: true,
  },
];

function describeFeature(feature: Feature, photos: DevPhoto[]): string {
  const values = (which: (photo: DevPhoto) => boolean): number[] =>
    photos.filter(which).flatMap((photo) => {
      const value = feature.value(photo);
      return value === null ? [] : [value];
    });
  const accepted = values(feature.accepted);
  const refused = values(feature.refused);
  const innerAccepted = feature.acceptAbove ? Math.min(...accepted) : Math.max(...accepted);
  const innerRefused = feature.acceptAbove ? Math.max(...refused) : Math.min(...refused);
  const separated = feature.acceptAbove ? innerAccepted > innerRefused : innerAccepted < innerRefused;
  const outerAccepted = feature.acceptAbove ? Math.min(...accepted) : Math.max(...accepted);
  const threshold = separated
    ? (innerAccepted + innerRefused) / 2
    : feature.acceptAbove
      ? outerAccepted - overlapMargin
      : outerAccepted + overlapMargin;
  const missed = refused.filter((value) => (feature.acceptAbove ? value >= threshold : value <= threshold)).length;
  return (
    `${feature.name}: accepted ${accepted.length} photos ${Math.min(...accepted).toFixed(2)}–${Math.max(...accepted).toFixed(2)}, ` +
    `refused ${refused.length} photos ${Math.min(...refused).toFixed(2)}–${Math.max(...refused).toFixed(2)}; ` +
    (separated
      ? `separated, midway threshold ${threshold.toFixed(2)}`
      : `overlapping, threshold ${threshold.toFixed(3)} (every accepted photo passes, margin ${overlapMargin}) lets ${missed} of the ${refused.length} through`)
  );
}

/** Beyond the outermost accepted value when the classes overlap: a few hundredths of the facing ratio. */
const overlapMargin = 0.015;

const percent = (count: number, total: number): string => `${count}/${total} (${((100 * count) / Math.max(1, total)).toFixed(1)}%)`;

function main(): void {
  const { values: args } = parseArgs({ options: { in: { type: 'string', default: join(root, 'out/capture-dev-set.json') } } });
  const file = JSON.parse(readFileSync(args.in, 'utf8')) as { seed: number; bodiesPerSex: number; photos: DevPhoto[] };
  const { photos } = file;
  const errorsOf = (photo: DevPhoto): string[] =>
    checkFrame(photo.observation, defaultCaptureCheckSettings)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => issue.code);
  const lines: string[] = [
    `Dev set: seed ${file.seed}, ${file.bodiesPerSex} bodies per sex, ${photos.length} photos (originals and copies).`,
    '',
    'Features:',
  ];
  for (const feature of features) lines.push(`- ${describeFeature(feature, photos)}`);

  lines.push('', 'False refusals on photos that must be accepted (originals and copies), per view and rule:');
  for (const view of ['front', 'side']) {
    const mustPass = photos.filter((photo) => photo.acceptable && photo.view === view);
    const refusedBy = new Map<string, number>();
    let refused = 0;
    for (const photo of mustPass) {
      const codes = errorsOf(photo);
      if (codes.length > 0) refused += 1;
      for (const code of codes) refusedBy.set(code, (refusedBy.get(code) ?? 0) + 1);
      if (codes.length > 0) lines.push(`  refused: ${photo.name}: ${codes.join(', ')}`);
    }
    const originals = mustPass.filter((photo) => photo.variant === 'original');
    const refusedOriginals = originals.filter((photo) => errorsOf(photo).length > 0).length;
    lines.push(`- ${view}: ${percent(refused, mustPass.length)} of all, ${percent(refusedOriginals, originals.length)} of the originals`);
    for (const [code, count] of refusedBy) lines.push(`  - ${code}: ${percent(count, mustPass.length)}`);
  }

  lines.push('', 'Photos that must be refused, and the refusal they got:');
  const mustRefuse = photos.filter((photo) => !photo.acceptable);
  const missed = mustRefuse.filter((photo) => !errorsOf(photo).includes(photo.expectedRefusal ?? ''));
  lines.push(`- missed: ${percent(missed.length, mustRefuse.length)}`);
  for (const photo of missed)
    lines.push(`  missed: ${photo.name} (expected ${photo.expectedRefusal}): got ${errorsOf(photo).join(', ') || 'accepted'}`);

  lines.push('', "Copies whose decision differs from their original's (accepted or not, and the refusal codes):");
  const decision = (photo: DevPhoto): string => errorsOf(photo).sort().join(',') || 'accepted';
  const originalsByName = new Map(photos.filter((photo) => photo.variant === 'original').map((photo) => [photo.original, photo]));
  for (const variant of ['mirrored', 'resized', 'reencoded'] as const) {
    const copies = photos.filter((photo) => photo.variant === variant);
    const flipped = copies.filter((photo) => decision(photo) !== decision(originalsByName.get(photo.original)!));
    lines.push(`- ${variant}: ${percent(flipped.length, copies.length)}`);
    for (const photo of flipped)
      lines.push(`  ${photo.name}: ${decision(photo)} (original: ${decision(originalsByName.get(photo.original)!)})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
