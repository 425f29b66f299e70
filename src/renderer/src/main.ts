import { createPinia } from 'pinia';
import { createApp } from 'vue';
import * as z from 'zod';
import App from './App.vue';
import { resolveConnection } from './api/connection';
import { createKioskI18n } from './i18n/kiosk-i18n';
import { useApiStore } from './stores/api';
import { useSettingsStore } from './stores/settings';
import './styles/kiosk.css';

// zod compiles fast parsers with `new Function` when allowed; the page's CSP forbids eval, so skip the attempt.
z.config({ jitless: true });

async function start(): Promise<void> {
  const pinia = createPinia();
  const app = createApp(App).use(pinia);
  useApiStore(pinia).connect(await resolveConnection(window));
  app.use(createKioskI18n(useSettingsStore(pinia).settings.locale));
  app.mount('#app');
}

void start();
