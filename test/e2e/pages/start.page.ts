import type { Page } from 'playwright';
import { KioskPage } from './kiosk.page.js';

/** Start, consent and details: from a customer number to the camera. */
export class StartPage extends KioskPage {
  constructor(page: Page) {
    super(page);
  }

  customerRefField() {
    return this.page.getByTestId('customer-ref');
  }

  async enterCustomer(customerRef: string): Promise<void> {
    await this.customerRefField().fill(customerRef);
  }

  async begin(customerRef: string): Promise<void> {
    await this.enterCustomer(customerRef);
    await this.page.getByTestId('begin').click();
    await this.waitForScreen('consent');
  }

  async acceptConsent(): Promise<void> {
    await this.page.getByTestId('consent-accept').click();
    await this.waitForScreen('details');
  }

  async fillDetails(details: { heightCm?: number; gender?: 'female' | 'male' | 'neutral' }): Promise<void> {
    if (details.heightCm !== undefined) await this.page.getByTestId('height').fill(String(details.heightCm));
    if (details.gender) await this.page.getByTestId(`gender-${details.gender}`).check();
  }

  async continueToCamera(): Promise<void> {
    await this.page.getByTestId('details-continue').click();
    await this.waitForScreen('capture');
  }

  /** The whole way from the start screen to the camera. */
  async startScan(customerRef: string, details: { heightCm?: number; gender?: 'female' | 'male' | 'neutral' }): Promise<void> {
    await this.begin(customerRef);
    await this.acceptConsent();
    await this.fillDetails(details);
    await this.continueToCamera();
  }

  async openStaff(): Promise<void> {
    await this.page.getByTestId('open-staff').click();
    await this.waitForScreen('staff');
  }
}
