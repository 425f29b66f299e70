import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateController } from '../../../src/main/shell/update/update-controller.js';
import { UpdateStateMachine } from '../../../src/main/shell/update/update-state.js';

const hourMs = 3_600_000;

/** A stand-in for electron-updater: answers each check with the next scripted outcome. */
function setUp(options: { enabled?: boolean; outcomes?: Array<'none' | 'update' | 'fail' | 'silent'> } = {}) {
  const machine = new UpdateStateMachine({ currentVersion: '1.0.0', channel: 'latest', enabled: options.enabled ?? true });
  const outcomes = [...(options.outcomes ?? ['none'])];
  let idle = true;
  const installs: number[] = [];
  const checks: number[] = [];
  const controller = new UpdateController({
    machine,
    checkForUpdates: async () => {
      checks.push(Date.now());
      const outcome = outcomes.shift() ?? 'none';
      if (outcome === 'fail') throw new Error('net::ERR_NAME_NOT_RESOLVED');
      if (outcome === 'none') machine.dispatch({ type: 'update-not-available' });
      if (outcome === 'update') {
        machine.dispatch({ type: 'update-available', version: '1.1.0' });
        machine.dispatch({ type: 'download-progress', percent: 50 });
        machine.dispatch({ type: 'update-downloaded', version: '1.1.0' });
      }
    },
    quitAndInstall: () => installs.push(Date.now()),
    isKioskIdle: () => idle,
    checkIntervalMs: 24 * hourMs,
    idlePollMs: 1000,
    log: { info: () => {}, warn: () => {} },
  });
  return { machine, controller, installs, checks, setIdle: (value: boolean) => (idle = value) };
}

describe('update controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks at start and then once a day', async () => {
    const { controller, checks } = setUp({ outcomes: ['none', 'none', 'none'] });
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(24 * hourMs);
    expect(checks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(24 * hourMs);
    expect(checks).toHaveLength(3);
    controller.stop();
  });

  it('does nothing when updates are disabled', async () => {
    const { controller, checks } = setUp({ enabled: false });
    controller.start();
    await vi.advanceTimersByTimeAsync(48 * hourMs);
    expect(checks).toHaveLength(0);
  });

  it('installs a downloaded update once the kiosk has been idle for two looks in a row', async () => {
    const { controller, machine, installs } = setUp({ outcomes: ['update'] });
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(machine.status.phase).toBe('downloaded');
    await vi.advanceTimersByTimeAsync(1000);
    expect(installs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(installs).toHaveLength(1);
    expect(machine.status.phase).toBe('installing');
    controller.stop();
  });

  it('never installs while a scan is running, and installs after it ends', async () => {
    const { controller, machine, installs, setIdle } = setUp({ outcomes: ['update'] });
    setIdle(false);
    controller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(installs).toHaveLength(0);
    expect(machine.status.phase).toBe('downloaded');
    setIdle(true);
    await vi.advanceTimersByTimeAsync(1000);
    setIdle(false); // a new scan starts between the two looks: wait again
    await vi.advanceTimersByTimeAsync(1000);
    expect(installs).toHaveLength(0);
    setIdle(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(installs).toHaveLength(1);
    controller.stop();
  });

  it('records a failed check as error and tries again at the next check', async () => {
    const { controller, machine } = setUp({ outcomes: ['fail', 'none'] });
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(machine.status).toMatchObject({ phase: 'error', error: 'net::ERR_NAME_NOT_RESOLVED' });
    await vi.advanceTimersByTimeAsync(24 * hourMs);
    expect(machine.status).toMatchObject({ phase: 'idle', error: null });
    controller.stop();
  });

  it('reports an updater that answers nothing instead of staying in checking', async () => {
    const { controller, machine } = setUp({ outcomes: ['silent'] });
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(machine.status.phase).toBe('error');
    expect(machine.status.error).toMatch(/no answer/);
    controller.stop();
  });

  it('turns a failing install into error', async () => {
    const machine = new UpdateStateMachine({ currentVersion: '1.0.0', channel: 'latest', enabled: true });
    const controller = new UpdateController({
      machine,
      checkForUpdates: async () => {
        machine.dispatch({ type: 'update-available', version: '1.1.0' });
        machine.dispatch({ type: 'update-downloaded', version: '1.1.0' });
      },
      quitAndInstall: () => {
        throw new Error('APPIMAGE env is not defined');
      },
      isKioskIdle: () => true,
      checkIntervalMs: hourMs,
      idlePollMs: 10,
      log: { info: () => {}, warn: () => {} },
    });
    controller.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(machine.status).toMatchObject({ phase: 'error', error: 'APPIMAGE env is not defined' });
    controller.stop();
  });
});
