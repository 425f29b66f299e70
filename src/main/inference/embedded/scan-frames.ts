import { readFile } from 'node:fs/promises';
import { observeFrame, type ObservingRuntime } from '../capture-checks/observe-frame.js';
import { burstLook, observeBurstFrame } from '../capture-checks/observe-burst-frame.js';
import type { GrayImage } from '../capture-checks/image-statistics.js';
import type { CaptureIssue, FrameObservation } from '../capture-checks/types.js';
import type { HumanRuntime } from '../human/human-runtime.js';
import { fullSizeGray, photoOutlineRows } from '../../calibration/edge-rows.js';

type View = 'front' | 'side';

/** Observations of one scan, per view, in the order they were looked at. */
export interface ViewFrames {
  front: FrameObservation[];
  side: FrameObservation[];
}

/** A burst frame the checks refused, with the first error's code. */
export interface RefusedFrame {
  view: View;
  code: string;
}

export interface LookedFrames {
  /** Every frame looked at. */
  all: ViewFrames;
  /** The frames the sets are made of: each view's first (the photo shown), and the others the checks let through. */
  usable: ViewFrames;
  /** The burst frames left out, the front's first. */
  refused: RefusedFrame[];
}

export interface FrameLookEvents {
  /**
   * Each view's first frame (the photo shown to the customer) has been looked at: called once,
   * before the later frames. Throwing refuses the scan there.
   */
  shownLooked(shown: { front: FrameObservation; side: FrameObservation | null; frontGray: GrayImage }): Promise<void>;
  /** After every frame: the usable frames so far, for sets that can start. */
  looked(usable: ViewFrames): void;
}

async function readBytes(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Looks at a scan's frames with Human, front and side in turn (front 0, side 0, front 1, …), so
 * that each frame set can be fitted as soon as both its frames are looked at, while the models
 * look at the next ones. The first frame of each view is looked at as a single photo is; a burst's
 * others with one look, and one the checks refuse only adds no evidence: it is left out.
 */
export async function lookAtFrames(
  runtime: ObservingRuntime & Partial<Pick<HumanRuntime, 'prepare'>>,
  paths: Readonly<Record<View, readonly string[]>>,
  checkPhoto: (observation: FrameObservation) => CaptureIssue[],
  events: FrameLookEvents,
  options: {
    /**
     * Read each frame's crown and soles on its full-size photo (`FrameObservation.outline`), for a
     * calibrated camera's rows: decoded on sharp's threads while the models look at the frame.
     */
    outline?: boolean;
  } = {},
): Promise<LookedFrames> {
  const order: { view: View; index: number; path: string }[] = [];
  for (let index = 0; index < Math.max(paths.front.length, paths.side.length); index++) {
    for (const view of ['front', 'side'] as const) {
      const path = paths[view][index];
      if (path !== undefined) order.push({ view, index, path });
    }
  }
  const bytes = order.map((frame) => readBytes(frame.path));
  // A read that fails is thrown where its frame is looked at; one never reached must not go unhandled.
  for (const read of bytes) read.catch(() => undefined);
  const all: ViewFrames = { front: [], side: [] };
  const usable: ViewFrames = { front: [], side: [] };
  const refused: Record<View, RefusedFrame[]> = { front: [], side: [] };
  let shownLooked = false;
  let frontGray: GrayImage | null = null;
  for (const [position, frame] of order.entries()) {
    const imageBytes = await bytes[position]!;
    const fullGray = options.outline ? fullSizeGray(imageBytes) : null;
    fullGray?.catch(() => undefined);
    const upcoming = bytes[position + 1];
    // The next photo's decode runs on sharp's threads while the models look at this one.
    if (upcoming && runtime.prepare) runtime.prepare(await upcoming);
    let observation: FrameObservation;
    if (frame.index === 0) {
      const observed = await observeFrame(runtime, imageBytes, frame.view);
      observation = observed.observation;
      if (frame.view === 'front') frontGray = observed.gray;
    } else observation = await observeBurstFrame(runtime, imageBytes, frame.view, burstLook(frame.index));
    if (fullGray && observation.silhouette)
      observation.outline = photoOutlineRows(await fullGray, observation.silhouette, observation.imageHeight);
    all[frame.view].push(observation);
    if (frame.index === 0) usable[frame.view].push(observation);
    else {
      const code =
        checkPhoto(observation).find((issue) => issue.severity === 'error')?.code ?? (observation.silhouette ? null : 'no_person');
      if (code) refused[frame.view].push({ view: frame.view, code });
      else usable[frame.view].push(observation);
    }
    if (!shownLooked && frontGray && (paths.side.length === 0 || all.side.length > 0)) {
      shownLooked = true;
      await events.shownLooked({ front: all.front[0]!, side: all.side[0] ?? null, frontGray });
    }
    events.looked(usable);
  }
  return { all, usable, refused: [...refused.front, ...refused.side] };
}
