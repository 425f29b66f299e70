import type { Page } from 'playwright';
import { KioskPage } from './kiosk.page.js';

/** Processing, result and done: the scan's progress, the 3D body and the measurements. */
export class ResultPage extends KioskPage {
  constructor(page: Page) {
    super(page);
  }

  progressStage() {
    return this.page.getByTestId('progress-stage');
  }

  /** Waits until the viewer has settled and answers its state: ready, no-webgl, no-mesh or failed. */
  async viewerState(timeoutMs = 30_000): Promise<string> {
    const settled = this.page.locator('[data-testid="avatar-viewer"]:not([data-state="loading"])').first();
    await settled.waitFor({ timeout: timeoutMs });
    return (await settled.getAttribute('data-state')) ?? '';
  }

  async measurementValue(name: string): Promise<string> {
    return this.page.locator(`[data-measurement="${name}"] [data-testid="measurement-value"]`).first().innerText();
  }

  async measurementNames(): Promise<string[]> {
    return this.page
      .locator('[data-testid="measurements"] [data-measurement]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-measurement') ?? ''));
  }

  /** The line saying what the figures rest on (photos, height, clothing). */
  async captureSummary(): Promise<string> {
    return this.page.getByTestId('result-capture').innerText();
  }

  async selectMeasurement(name: string): Promise<void> {
    await this.page.locator(`[data-measurement="${name}"]`).first().click();
  }

  async isSelected(name: string): Promise<boolean> {
    return (await this.page.locator(`[data-measurement="${name}"]`).first().getAttribute('aria-pressed')) === 'true';
  }

  async chooseUnits(unit: 'cm' | 'in'): Promise<void> {
    await this.page.getByTestId(`unit-${unit}`).click();
  }

  async done(): Promise<void> {
    await this.page.getByTestId('result-done').click();
    await this.waitForScreen('done');
  }

  async newScan(): Promise<void> {
    await this.page.getByTestId('new-scan').click();
    await this.waitForScreen('start');
  }
}
