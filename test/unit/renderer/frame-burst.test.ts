import { describe, expect, it } from 'vitest';
import { burstExtraFrames, burstIntervalMs, grabBurst } from '../../../src/renderer/src/capture/frame-burst';

describe('the burst of frames taken with each photo', () => {
  it('grabs the extra frames at the interval, about a second in all', async () => {
    const waits: number[] = [];
    let n = 0;
    const frames = await grabBurst(() => `frame ${++n}`, { sleep: async (ms) => void waits.push(ms) });
    expect(frames).toEqual(['frame 1', 'frame 2', 'frame 3', 'frame 4']);
    expect(frames).toHaveLength(burstExtraFrames);
    expect(waits).toEqual(Array.from({ length: burstExtraFrames }, () => burstIntervalMs));
    expect((burstExtraFrames + 1) * burstIntervalMs).toBeLessThanOrEqual(1000);
  });

  it('skips a frame the camera cannot give, and stops when aborted', async () => {
    const answers = ['a', null, 'c'];
    expect(await grabBurst(() => answers.shift() ?? null, { count: 3, sleep: async () => undefined })).toEqual(['a', 'c']);
    const controller = new AbortController();
    let grabbed = 0;
    const frames = await grabBurst(
      () => {
        grabbed += 1;
        if (grabbed === 2) controller.abort();
        return 'x';
      },
      { count: 5, signal: controller.signal, sleep: async () => undefined },
    );
    expect(frames).toEqual(['x', 'x']);
  });
});
