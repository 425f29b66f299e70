import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright';

/** The kiosk's screens, as App.vue names them in `data-screen`. */
export type KioskScreen = 'start' | 'consent' | 'details' | 'capture' | 'processing' | 'result' | 'sizes' | 'done' | 'error' | 'staff';

export interface AxeViolationSummary {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** What every kiosk screen shares: which screen is shown, the offline banner, the idle question, accessibility. */
export class KioskPage {
  constructor(readonly page: Page) {}

  async screen(): Promise<string | null> {
    return this.page.locator('.kiosk').getAttribute('data-screen');
  }

  async waitForScreen(screen: KioskScreen, timeoutMs = 15_000): Promise<void> {
    await this.page.locator(`.kiosk[data-screen="${screen}"]`).waitFor({ timeout: timeoutMs });
  }

  offlineBanner() {
    return this.page.getByTestId('offline-banner');
  }

  idleWarning() {
    return this.page.getByTestId('idle-warning');
  }

  /** Axe's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
  async seriousAccessibilityViolations(): Promise<AxeViolationSummary[]> {
    const results = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  }
}
