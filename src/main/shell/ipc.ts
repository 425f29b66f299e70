import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { bridgeChannels, type PerfitBridge } from '../../preload/bridge.js';
import type { Logger } from '../logging.js';
import { isTrustedIpcSender } from './policy/navigation.js';

type Handlers = { [K in keyof PerfitBridge]: () => Awaited<ReturnType<PerfitBridge[K]>> | ReturnType<PerfitBridge[K]> };

/**
 * Answers the preload's named calls. None takes an argument; each is answered only for the app's
 * own page in the kiosk window's main frame.
 */
export function registerBridgeHandlers(handlers: Handlers, appOrigin: string, log: Logger): void {
  for (const name of Object.keys(bridgeChannels) as Array<keyof PerfitBridge>) {
    const channel = bridgeChannels[name];
    const handler = handlers[name];
    ipcMain.handle(channel, (event: IpcMainInvokeEvent) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null;
      if (!isTrustedIpcSender(sender, appOrigin)) {
        log.warn({ channel, url: sender?.url }, 'IPC call from an untrusted frame refused');
        throw new Error('refused');
      }
      return handler();
    });
  }
  app.once('will-quit', () => {
    for (const channel of Object.values(bridgeChannels)) ipcMain.removeHandler(channel);
  });
}
