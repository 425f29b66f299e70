import { describe, expect, it } from 'vitest';
import { updatePhases, type UpdatePhase } from '../../../src/preload/bridge.js';
import { UpdateStateMachine, updateTransitions, type UpdateEvent } from '../../../src/main/shell/update/update-state.js';

const at = new Date('2025-03-01T10:00:00.000Z');
const machine = (enabled = true) => new UpdateStateMachine({ currentVersion: '1.2.0', channel: 'latest', enabled }, () => at);

function run(events: UpdateEvent[], start = machine()): UpdateStateMachine {
  for (const event of events) start.dispatch(event);
  return start;
}

describe('update state machine', () => {
  it('walks idle → checking → available → downloading → downloaded → installing', () => {
    const phases: UpdatePhase[] = [];
    const m = machine();
    m.subscribe((status) => phases.push(status.phase));
    run(
      [
        { type: 'check' },
        { type: 'update-available', version: '1.3.0' },
        { type: 'download-progress', percent: 12.34 },
        { type: 'download-progress', percent: 80 },
        { type: 'update-downloaded', version: '1.3.0' },
        { type: 'install' },
      ],
      m,
    );
    expect(phases).toEqual(['checking', 'available', 'downloading', 'downloading', 'downloaded', 'installing']);
    expect(m.status).toMatchObject({
      phase: 'installing',
      availableVersion: '1.3.0',
      downloadPercent: 100,
      currentVersion: '1.2.0',
      error: null,
    });
  });

  it('goes back to idle and records the time when there is nothing new', () => {
    const m = run([{ type: 'check' }, { type: 'update-not-available' }]);
    expect(m.status).toMatchObject({ phase: 'idle', availableVersion: null, lastCheckedAt: '2025-03-01T10:00:00.000Z' });
  });

  it('records the download percent, rounded and kept within 0–100', () => {
    const m = run([{ type: 'check' }, { type: 'update-available', version: '2.0.0' }, { type: 'download-progress', percent: 33.333 }]);
    expect(m.status.downloadPercent).toBe(33.3);
    m.dispatch({ type: 'download-progress', percent: 140 });
    expect(m.status.downloadPercent).toBe(100);
  });

  it('turns any failure into error with its message, and a new check clears it', () => {
    const m = run([
      { type: 'check' },
      { type: 'update-available', version: '2.0.0' },
      { type: 'error', message: 'sha512 checksum mismatch' },
    ]);
    expect(m.status).toMatchObject({ phase: 'error', error: 'sha512 checksum mismatch', downloadPercent: null });
    expect(m.dispatch({ type: 'check' })).toBe(true);
    expect(m.status).toMatchObject({ phase: 'checking', error: null });
  });

  it('refuses to install anything not downloaded', () => {
    for (const events of [
      [],
      [{ type: 'check' }],
      [{ type: 'check' }, { type: 'update-available', version: '2.0.0' }],
    ] as UpdateEvent[][]) {
      const m = run(events);
      const before = m.status;
      expect(m.dispatch({ type: 'install' })).toBe(false);
      expect(m.status).toEqual(before);
    }
  });

  it('does not start a second check while one runs or an update waits to install', () => {
    expect(run([{ type: 'check' }]).dispatch({ type: 'check' })).toBe(false);
    expect(
      run([{ type: 'check' }, { type: 'update-available', version: '2.0.0' }, { type: 'update-downloaded', version: '2.0.0' }]).dispatch({
        type: 'check',
      }),
    ).toBe(false);
  });

  it('ignores a late progress event once downloaded, without telling listeners', () => {
    const m = run([{ type: 'check' }, { type: 'update-available', version: '2.0.0' }, { type: 'update-downloaded', version: '2.0.0' }]);
    let calls = 0;
    m.subscribe(() => (calls += 1));
    expect(m.dispatch({ type: 'download-progress', percent: 50 })).toBe(false);
    expect(m.status.phase).toBe('downloaded');
    expect(calls).toBe(0);
  });

  it('stays disabled, whatever happens, when no feed is configured', () => {
    const m = machine(false);
    for (const event of [{ type: 'check' }, { type: 'update-available', version: '9.0.0' }, { type: 'install' }] as UpdateEvent[]) {
      expect(m.dispatch(event)).toBe(false);
    }
    expect(m.status.phase).toBe('disabled');
  });

  it('has a transition row for every phase the bridge knows, and no dead end except disabled', () => {
    expect(Object.keys(updateTransitions).sort()).toEqual([...updatePhases].sort());
    for (const phase of updatePhases) {
      if (phase !== 'disabled') expect(updateTransitions[phase].length, phase).toBeGreaterThan(0);
    }
  });

  it('hands out copies: a caller cannot change the state', () => {
    const m = machine();
    const status = m.status;
    status.phase = 'installing';
    expect(m.status.phase).toBe('idle');
  });

  it('stops calling a listener once unsubscribed', () => {
    const m = machine();
    let calls = 0;
    const unsubscribe = m.subscribe(() => (calls += 1));
    m.dispatch({ type: 'check' });
    unsubscribe();
    m.dispatch({ type: 'update-not-available' });
    expect(calls).toBe(1);
  });
});
