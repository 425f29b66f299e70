import { describe, expect, it } from 'vitest';
import type { RemoteAvatarSource } from '../../../src/main/avatars/newest-avatar.js';
import { RemoteLookupBudget } from '../../../src/main/api/avatar/remote-lookup-budget.js';

type Answer = Awaited<ReturnType<RemoteAvatarSource['latestForUser']>>;

/** A bucket with the given customers' avatars, counting what it is asked; `failing` customers throw. */
function countingSource(known: string[], failing: string[] = []) {
  const asked: string[] = [];
  const source: RemoteAvatarSource = {
    latestForUser(userId) {
      asked.push(userId);
      if (failing.includes(userId)) return Promise.reject(new Error('bucket unreachable'));
      const answer = known.includes(userId) ? ({ avatar: { id: `avatar-of-${userId}` }, artifacts: [] } as unknown as Answer) : null;
      return Promise.resolve(answer);
    },
  };
  return { source, asked };
}

function clock(startMs = 1_000_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the budget of lookups of another store's customer", () => {
  it('answers a customer the bucket has no avatar for from memory for 30 s, then asks again', async () => {
    const { source, asked } = countingSource([]);
    const time = clock();
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: 60, burst: 10 }, clock: time.now });
    expect(await budget.latestForUser('ghost')).toBeNull();
    time.advance(29_000);
    expect(await budget.latestForUser('ghost')).toBeNull();
    expect(asked).toEqual(['ghost']);
    time.advance(1_000);
    expect(await budget.latestForUser('ghost')).toBeNull();
    expect(asked).toEqual(['ghost', 'ghost']);
  });

  it('asks the bucket every time for a customer it has, so that an erasure elsewhere holds at once', async () => {
    const { source, asked } = countingSource(['traveller']);
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: 60, burst: 10 } });
    expect((await budget.latestForUser('traveller'))?.avatar.id).toBe('avatar-of-traveller');
    expect((await budget.latestForUser('traveller'))?.avatar.id).toBe('avatar-of-traveller');
    expect(asked).toEqual(['traveller', 'traveller']);
  });

  it('shares one lookup between requests for the same customer that overlap', async () => {
    const { source, asked } = countingSource(['traveller']);
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: 60, burst: 10 } });
    const answers = await Promise.all([budget.latestForUser('traveller'), budget.latestForUser('traveller')]);
    expect(answers.map((answer) => answer?.avatar.id)).toEqual(['avatar-of-traveller', 'avatar-of-traveller']);
    expect(asked).toEqual(['traveller']);
  });

  it('refuses lookups beyond its budget with a stable code and how long to wait, and refills', async () => {
    const { source, asked } = countingSource([]);
    const time = clock();
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: 6, burst: 2 }, clock: time.now });
    await budget.latestForUser('made-up-1');
    await budget.latestForUser('made-up-2');
    await expect(budget.latestForUser('made-up-3')).rejects.toMatchObject({
      code: 'remote_lookup_throttled',
      message: expect.stringContaining('asked again in 10 s'),
    });
    // A customer already known to be absent costs nothing, budget or not.
    expect(await budget.latestForUser('made-up-1')).toBeNull();
    expect(asked).toEqual(['made-up-1', 'made-up-2']);
    time.advance(10_000);
    expect(await budget.latestForUser('made-up-3')).toBeNull();
    expect(asked).toEqual(['made-up-1', 'made-up-2', 'made-up-3']);
  });

  it('sets no budget with a null rate, and does not remember a lookup that failed', async () => {
    const { source, asked } = countingSource([], ['flaky']);
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: null, burst: 1 } });
    for (let i = 0; i < 5; i += 1) await budget.latestForUser(`made-up-${i}`);
    await expect(budget.latestForUser('flaky')).rejects.toThrow('bucket unreachable');
    await expect(budget.latestForUser('flaky')).rejects.toThrow('bucket unreachable');
    expect(asked.filter((userId) => userId === 'flaky')).toHaveLength(2);
    expect(asked).toHaveLength(7);
  });

  it('forgets the least recently absent customers beyond its limit', async () => {
    const { source, asked } = countingSource([]);
    const budget = new RemoteLookupBudget(source, { rate: { ratePerMinute: null, burst: 1 }, maxAbsent: 2 });
    await budget.latestForUser('a');
    await budget.latestForUser('b');
    await budget.latestForUser('c');
    await budget.latestForUser('c');
    await budget.latestForUser('b');
    await budget.latestForUser('a');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
