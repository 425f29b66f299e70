import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeChannels } from '../../../src/preload/bridge.js';

/** What the preload hands to contextBridge, and every IPC call it makes. */
const exposed: Array<{ key: string; api: Record<string, unknown> }> = [];
const invocations: unknown[][] = [];
const otherIpc: string[] = [];

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }),
  },
  ipcRenderer: new Proxy(
    {},
    {
      get: (_target, name: string) =>
        name === 'invoke'
          ? (...args: unknown[]) => {
              invocations.push(args);
              return Promise.resolve(null);
            }
          : (...args: unknown[]) => otherIpc.push(`${name}(${args.map(String).join(', ')})`),
    },
  ),
}));

describe('preload surface', () => {
  beforeAll(async () => {
    await import('../../../src/preload/index.js');
  });

  it('exposes one object, window.perfit, and nothing else', () => {
    expect(exposed.map((entry) => entry.key)).toEqual(['perfit']);
  });

  it('exposes exactly the named bridge calls, all functions', () => {
    const api = exposed[0]!.api;
    expect(Object.keys(api).sort()).toEqual(['appVersion', 'openSettings', 'restart', 'serviceConnection', 'updateStatus']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('sends each call on its own fixed channel and forwards none of the page arguments', async () => {
    const api = exposed[0]!.api as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const [name, channel] of Object.entries(bridgeChannels)) {
      invocations.length = 0;
      await api[name]!('perfit:restart', { channel: 'evil' }, 'extra');
      expect(invocations, name).toEqual([[channel]]);
    }
  });

  it('uses no IPC but invoke: no send, no on, no sendSync', () => {
    expect(otherIpc).toEqual([]);
  });

  it('has one distinct channel per call, all in the perfit: namespace', () => {
    const channels = Object.values(bridgeChannels);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^perfit:[a-z-]+$/);
  });

  it('source: never passes a variable channel to ipcRenderer', () => {
    const source = readFileSync(new URL('../../../src/preload/index.ts', import.meta.url), 'utf8');
    const calls = [...source.matchAll(/ipcRenderer\.(\w+)\(([^)]*)\)/g)];
    expect(calls.length).toBe(Object.keys(bridgeChannels).length);
    for (const [, method, args] of calls) {
      expect(method).toBe('invoke');
      expect(args).toMatch(/^bridgeChannels\.\w+$/);
    }
  });
});
