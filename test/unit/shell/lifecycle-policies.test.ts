import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isKioskIdle } from '../../../src/main/shell/kiosk-idle.js';
import { createShellLogger } from '../../../src/main/shell/logging/shell-logger.js';
import { relaunchOptions } from '../../../src/main/shell/policy/relaunch.js';
import { RendererRestartPolicy } from '../../../src/main/shell/policy/renderer-restart.js';

describe('renderer restart policy', () => {
  it('reopens at once after a first crash, then backs off while crashes keep coming', () => {
    const policy = new RendererRestartPolicy(60_000, 60_000);
    expect(policy.nextDelayMs(0)).toBe(0);
    expect(policy.nextDelayMs(1_000)).toBe(1_000);
    expect(policy.nextDelayMs(2_000)).toBe(2_000);
    expect(policy.nextDelayMs(3_000)).toBe(4_000);
  });

  it('caps the delay and forgets crashes older than its window', () => {
    const policy = new RendererRestartPolicy(60_000, 5_000);
    for (let second = 0; second < 10; second += 1) policy.nextDelayMs(second * 1000);
    expect(policy.nextDelayMs(10_000)).toBe(5_000);
    expect(policy.nextDelayMs(200_000)).toBe(0);
  });
});

describe('relaunch', () => {
  it('relaunches the executable with the same arguments', () => {
    expect(relaunchOptions('/opt/perfit/perfit-kiosk', ['/opt/perfit/perfit-kiosk', '--x'], {})).toEqual({
      execPath: '/opt/perfit/perfit-kiosk',
      args: ['--x'],
    });
  });

  it('relaunches the AppImage file, not its temporary mount', () => {
    expect(
      relaunchOptions('/tmp/.mount_PerfitXYZ/perfit-kiosk', ['/tmp/.mount_PerfitXYZ/perfit-kiosk'], {
        APPIMAGE: '/opt/Perfit-Kiosk.AppImage',
      }),
    ).toEqual({
      execPath: '/opt/Perfit-Kiosk.AppImage',
      args: [],
    });
  });
});

describe('kiosk idle', () => {
  const activity = (busy: boolean, processing: number) => ({
    inference: { status: () => ({ busy }) },
    queue: { list: () => Array.from({ length: processing }, () => ({})) },
  });

  it('is idle only with no scan running and no job processing', () => {
    expect(isKioskIdle(activity(false, 0))).toBe(true);
    expect(isKioskIdle(activity(true, 0))).toBe(false);
    expect(isKioskIdle(activity(false, 1))).toBe(false);
  });
});

describe('shell logger', () => {
  it('writes JSON lines to <logDir>/perfit.log through the factory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-shell-log-'));
    try {
      const { log, destination } = createShellLogger(({ level, destination }) => pino({ level }, destination), 'info', dir);
      log.warn({ job_id: 'j2' }, 'slow scan');
      destination.end();
      const lines = readFileSync(join(dir, 'perfit.log'), 'utf8')
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text) as { msg: string });
      expect(lines.map((line) => line.msg)).toEqual(['logging to a rotating file', 'slow scan']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails loudly when the factory ignores the destination', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-shell-log-'));
    try {
      expect(() => createShellLogger(({ level }) => pino({ level }, { write: () => {} }), 'info', dir)).toThrow(/ignored its destination/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
