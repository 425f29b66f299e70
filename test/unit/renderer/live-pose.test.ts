// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import type { CapturePerson } from '../../../src/renderer/src/api/generated/openapi';
import type { LivePoseDetector } from '../../../src/renderer/src/capture/human-pose-detector';
import {
  chooseSkeleton,
  liveBodyModelPath,
  liveHumanConfig,
  liveInputSize,
  maxLivePoseAgeMs,
  personOfHumanBodies,
  personOfHumanBody,
  type HumanBodyLike,
} from '../../../src/renderer/src/capture/live-pose';
import SkeletonOverlay from '../../../src/renderer/src/components/SkeletonOverlay.vue';
import { useLivePose } from '../../../src/renderer/src/composables/use-live-pose';

/** A MoveNet body as Human answers it: positionRaw in fractions of the frame, `position` in pixels. */
function humanBody(
  score: number,
  points: Record<string, [number, number]>,
  pointScore = 0.9,
): HumanBodyLike & { keypoints: Array<{ part: string; position: number[]; positionRaw: number[]; score: number }> } {
  return {
    score,
    boxRaw: [0.25, 0.1, 0.5, 0.8],
    keypoints: Object.entries(points).map(([part, [x, y]]) => ({
      part,
      position: [x * 640, y * 480],
      positionRaw: [x, y],
      score: pointScore,
    })),
  };
}

const standing = {
  leftShoulder: [0.6, 0.3],
  rightShoulder: [0.4, 0.3],
  leftElbow: [0.65, 0.45],
  leftHip: [0.55, 0.6],
  rightHip: [0.45, 0.6],
} as const satisfies Record<string, [number, number]>;

const serverPerson: CapturePerson = {
  score: 0.95,
  box: { x: 0.2, y: 0.1, width: 0.5, height: 0.8 },
  keypoints: [
    { part: 'leftShoulder', x: 0.58, y: 0.31, score: 0.9 },
    { part: 'rightShoulder', x: 0.41, y: 0.31, score: 0.9 },
  ],
};

describe("Human's body in the overlay's coordinates", () => {
  it('keeps the fractions of the frame (positionRaw), not the pixels, with the box and scores', () => {
    const person = personOfHumanBody(humanBody(0.8, { leftShoulder: [0.6, 0.3], leftAnkle: [0.55, 1.02] }));
    expect(person).toEqual({
      score: 0.8,
      box: { x: 0.25, y: 0.1, width: 0.5, height: 0.8 },
      keypoints: [
        { part: 'leftShoulder', x: 0.6, y: 0.3, score: 0.9 },
        // Out of frame a little: kept, as the server's keypoints are.
        { part: 'leftAnkle', x: 0.55, y: 1.02, score: 0.9 },
      ],
    });
  });

  it('drops points without a position', () => {
    const body: HumanBodyLike = {
      score: 0.8,
      boxRaw: [0, 0, 1, 1],
      keypoints: [
        { part: 'nose', positionRaw: [Number.NaN, 0.1], score: 0.9 },
        { part: 'leftEye', positionRaw: [], score: 0.9 },
      ],
    };
    expect(personOfHumanBody(body).keypoints).toEqual([]);
  });

  it('takes the most confident body, and none below the minimum (MoveNet answers even an empty room)', () => {
    expect(personOfHumanBodies([])).toBeNull();
    expect(personOfHumanBodies([humanBody(0.1, standing)])).toBeNull();
    expect(personOfHumanBodies([humanBody(0.5, { nose: [0.1, 0.1] }), humanBody(0.7, { nose: [0.9, 0.1] })])?.keypoints[0]?.x).toBe(0.9);
  });
});

describe('which skeleton is drawn', () => {
  const live = (person: CapturePerson | null, detectedAtMs: number) => ({ person, detectedAtMs });
  const livePerson = personOfHumanBody(humanBody(0.8, standing));

  it("draws Human's live pose while it is fresh", () => {
    expect(chooseSkeleton(live(livePerson, 1000), serverPerson, 1000 + maxLivePoseAgeMs)).toEqual({ person: livePerson, source: 'human' });
  });

  it("falls back to the server's pose when Human is stale, not running, or sees nobody", () => {
    expect(chooseSkeleton(live(livePerson, 1000), serverPerson, 1001 + maxLivePoseAgeMs)).toEqual({
      person: serverPerson,
      source: 'server',
    });
    expect(chooseSkeleton(null, serverPerson, 5000)).toEqual({ person: serverPerson, source: 'server' });
    expect(chooseSkeleton(live(null, 5000), serverPerson, 5000)).toEqual({ person: serverPerson, source: 'server' });
    expect(chooseSkeleton(live(null, 5000), null, 5000)).toEqual({ person: null, source: null });
  });
});

describe("Human's configuration", () => {
  it('runs the body model only, on WebGL, from the given URL of our own origin', () => {
    const config = liveHumanConfig('http://127.0.0.1:8080/models/movenet-lightning.json');
    expect(config.backend).toBe('webgl');
    expect(config.body).toMatchObject({ enabled: true, modelPath: 'http://127.0.0.1:8080/models/movenet-lightning.json', maxDetected: 1 });
    for (const module of ['face', 'hand', 'object', 'segmentation', 'gesture', 'filter'] as const)
      expect(config[module]?.enabled, module).toBe(false);
    expect(config.warmup).toBe('none');
    expect(new URL(liveBodyModelPath, 'http://127.0.0.1:8080/').pathname).toBe('/models/movenet-lightning.json');
  });
});

describe('the skeleton overlay', () => {
  const frame = { frameWidth: 640, frameHeight: 480 };

  it("draws Human's MoveNet points in frame pixels and says where they came from", () => {
    const wrapper = mount(SkeletonOverlay, { props: { person: personOfHumanBody(humanBody(0.8, standing)), source: 'human', ...frame } });
    const svg = wrapper.get('[data-testid="skeleton"]');
    expect(svg.attributes('data-live-pose')).toBe('human');
    expect(svg.attributes('viewBox')).toBe('0 0 640 480');
    const lines = wrapper.findAll('line').map((line) => ['x1', 'y1', 'x2', 'y2'].map((name) => Number(line.attributes(name))));
    // Shoulders, left upper arm, both sides of the trunk, hips (no heels or feet in MoveNet: not drawn).
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual([384, 144, 256, 144]);
  });

  it("says 'server' for the check's pose, and draws nothing without a person", () => {
    expect(
      mount(SkeletonOverlay, { props: { person: serverPerson, source: 'server', ...frame } })
        .get('[data-testid="skeleton"]')
        .attributes('data-live-pose'),
    ).toBe('server');
    expect(
      mount(SkeletonOverlay, { props: { person: null, source: null, ...frame } })
        .find('[data-testid="skeleton"]')
        .exists(),
    ).toBe(false);
  });
});

describe('the live pose loop', () => {
  afterEach(() => vi.restoreAllMocks());

  function mountLivePose(load: () => Promise<LivePoseDetector>, video: HTMLVideoElement | null) {
    const active = ref(true);
    let exposed: ReturnType<typeof useLivePose> | null = null;
    const wrapper = mount(
      defineComponent({
        setup() {
          exposed = useLivePose({ video: () => video, active, load });
          return () => h('div');
        },
      }),
    );
    return { wrapper, active, livePose: () => exposed! };
  }

  function playingVideo(): HTMLVideoElement {
    const video = document.createElement('video');
    Object.defineProperty(video, 'readyState', { value: 4 });
    Object.defineProperty(video, 'videoWidth', { value: 640 });
    return video;
  }

  it('falls back quietly (a console warning) when Human cannot load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { livePose, wrapper } = mountLivePose(() => Promise.reject(new Error('no WebGL')), playingVideo());
    await flushPromises();
    expect(livePose().state.value).toBe('unavailable');
    expect(livePose().pose.value).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    wrapper.unmount();
  });

  it('stops and falls back when a detection throws (the WebGL context lost)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const detect = vi.fn(() => Promise.reject(new Error('context lost')));
    const { livePose, wrapper } = mountLivePose(() => Promise.resolve({ detect, current: () => [] }), playingVideo());
    await vi.waitFor(() => expect(livePose().state.value).toBe('unavailable'), { timeout: 2000 });
    expect(livePose().pose.value).toBeNull();
    expect(detect).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalledOnce();
    wrapper.unmount();
  });

  it("publishes Human's detections on the drawn frames while the video plays", async () => {
    const body = humanBody(0.8, standing);
    const detect = vi.fn(() => Promise.resolve(true));
    const { livePose, wrapper, active } = mountLivePose(() => Promise.resolve({ detect, current: () => [body] }), playingVideo());
    await vi.waitFor(() => expect(livePose().pose.value?.person?.keypoints).toHaveLength(5), { timeout: 2000 });
    expect(livePose().state.value).toBe('running');
    expect(detect).toHaveBeenCalled();
    // Reviewing a photo: no pose, no detections.
    active.value = false;
    await vi.waitFor(() => expect(livePose().pose.value).toBeNull(), { timeout: 2000 });
    const calls = detect.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(detect.mock.calls.length).toBe(calls);
    wrapper.unmount();
  });
});

describe('the frame size Human looks at', () => {
  it('scales the longer side down to the limit, keeping the aspect, and never up', () => {
    expect(liveInputSize(1080, 1920)).toEqual({ width: 216, height: 384 });
    expect(liveInputSize(1920, 1080)).toEqual({ width: 384, height: 216 });
    expect(liveInputSize(320, 240)).toEqual({ width: 320, height: 240 });
  });
});
