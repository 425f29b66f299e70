import type { Page } from 'playwright';
import { KioskPage } from './kiosk.page.js';

/** "Your sizes": one row per garment with the size, its probability and a fit line. */
export class SizesPage extends KioskPage {
  constructor(page: Page) {
    super(page);
  }

  async open(): Promise<void> {
    await this.page.getByTestId('result-sizes').click();
    await this.waitForScreen('sizes');
    await this.page
      .locator('[data-testid="screen-sizes"] [data-chart], [data-testid="sizes-none"], [data-testid="sizes-failed"]')
      .first()
      .waitFor();
  }

  async garments(): Promise<Array<{ chart: string; size: string; probability: string; fit: string }>> {
    return this.page.locator('[data-testid="screen-sizes"] [data-chart]').evaluateAll((rows) =>
      rows.map((row) => ({
        chart: row.getAttribute('data-chart') ?? '',
        size: row.querySelector('[data-testid="garment-size"]')?.textContent?.trim() ?? '',
        probability: row.querySelector('[data-testid="garment-probability"]')?.textContent?.trim() ?? '',
        fit: row.querySelector('[data-testid="garment-fit"]')?.textContent?.trim() ?? '',
      })),
    );
  }

  /** Presses one of the fit preferences; answers the preference the service worked the sizes out for. */
  async choosePreference(fit: 'snug' | 'regular' | 'loose'): Promise<string> {
    const answered = this.page.waitForResponse(
      (response) => response.url().includes('/sizes?') && new URL(response.url()).searchParams.get('fit') === fit,
    );
    await this.page.getByTestId(`fit-${fit}`).click();
    const body = (await (await answered).json()) as { fit_preference: string };
    await this.page.locator('[data-testid="screen-sizes"] [data-chart]').first().waitFor();
    return body.fit_preference;
  }

  async backToResult(): Promise<void> {
    await this.page.getByTestId('sizes-back').click();
    await this.waitForScreen('result');
  }
}
