import type { Page } from 'playwright';
import { KioskPage } from './kiosk.page.js';

/** The staff screens behind the PIN: history, status, garments (size charts), settings. */
export class StaffPage extends KioskPage {
  constructor(page: Page) {
    super(page);
  }

  /** First start (no PIN on the service yet): the PIN is chosen, then repeated. */
  async choosePin(pin: string): Promise<void> {
    // Until the service has said there is no PIN, the pad shown is the one that unlocks.
    await this.page.getByText('No staff PIN is set on this kiosk yet.', { exact: false }).waitFor();
    await this.page.getByTestId('pin-input').fill(pin);
    await this.page.getByTestId('pin-submit').click();
    // The pad is replaced by the one that asks for the repetition.
    await this.page.getByText('Enter the same PIN again.').waitFor();
    await this.page.getByTestId('pin-input').fill(pin);
    await this.page.getByTestId('pin-submit').click();
    await this.page.getByTestId('staff-tab-history').waitFor();
  }

  async unlock(pin: string): Promise<void> {
    await this.page.getByTestId('pin-input').fill(pin);
    await this.page.getByTestId('pin-submit').click();
  }

  pinError() {
    return this.page.getByTestId('pin-error');
  }

  async openTab(tab: 'history' | 'status' | 'charts' | 'settings'): Promise<void> {
    await this.page.getByTestId(`staff-tab-${tab}`).click();
    await this.page.getByTestId(tab).waitFor();
  }

  async searchHistory(customerRef: string): Promise<void> {
    await this.page.getByTestId('history-query').fill(customerRef);
    await this.page.getByTestId('history-search').click();
    // The count of an earlier search is still on screen until this one's answer replaces it.
    await this.page.locator(`[data-testid="history-count"][data-customer="${customerRef}"]`).waitFor();
  }

  historyCount() {
    return this.page.getByTestId('history-count');
  }

  historyRows() {
    return this.page.getByTestId('history-row');
  }

  async showScan(index: number): Promise<void> {
    await this.historyRows().nth(index).getByRole('button').click();
  }

  overallStatus() {
    return this.page.getByTestId('status-overall');
  }

  async setIdleTimeoutSeconds(seconds: number): Promise<void> {
    await this.page.getByTestId('setting-idle').fill(String(seconds));
    await this.page.getByTestId('settings-save').click();
  }

  /** Calibration method 2 in the settings tab: the printed square's measured side, then one photo from the kiosk camera. */
  async calibrateWithMarker(markerSizeCm: number): Promise<void> {
    await this.page.getByTestId('calibration-method-marker').click();
    // The size's bounds come with the service's OpenAPI document, read when the panel opens (built on
    // the first request, slow on a loaded machine); the panel refuses to start before they arrive.
    await this.page.locator('[data-testid="calibration-marker-size"][min]').waitFor();
    await this.page.getByTestId('calibration-marker-size').fill(String(markerSizeCm));
    await this.page.getByTestId('calibration-start').click();
    // The camera must be playing before the photo is taken, or there is no frame to grab: its
    // "starting" line goes when it plays.
    const panel = this.calibrationPanel();
    await panel.getByTestId('camera-video').waitFor();
    await panel.locator('.live-camera__starting').waitFor({ state: 'detached' });
    await this.page.getByTestId('calibration-take-marker').click();
  }

  calibrationOutcome() {
    return this.page.getByTestId('calibration-outcome');
  }

  calibrationPanel() {
    return this.page.getByTestId('calibration-settings');
  }

  async exit(): Promise<void> {
    await this.page.getByTestId('staff-exit').click();
    await this.waitForScreen('start');
  }
}
