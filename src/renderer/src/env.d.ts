/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface Window {
  /** The preload bridge in the Electron app; absent in a plain browser. */
  perfit?: import('../../preload/bridge').PerfitBridge;
}
