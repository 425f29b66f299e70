import { contextBridge, ipcRenderer } from 'electron';
import { bridgeChannels, type PerfitBridge, type ServiceConnection, type UpdateStatus } from './bridge.js';

// A fixed set of named calls without arguments; the page cannot name an IPC channel of its own.
const api = {
  appVersion: () => ipcRenderer.invoke(bridgeChannels.appVersion) as Promise<string>,
  serviceConnection: () => ipcRenderer.invoke(bridgeChannels.serviceConnection) as Promise<ServiceConnection>,
  restart: () => ipcRenderer.invoke(bridgeChannels.restart) as Promise<void>,
  openSettings: () => ipcRenderer.invoke(bridgeChannels.openSettings) as Promise<void>,
  updateStatus: () => ipcRenderer.invoke(bridgeChannels.updateStatus) as Promise<UpdateStatus>,
} satisfies PerfitBridge;

contextBridge.exposeInMainWorld('perfit', api);
