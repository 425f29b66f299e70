import type { Page } from 'playwright';
import { KioskPage } from './kiosk.page.js';

/** The camera screen: live guidance, the countdown, the review of a photo, the side view. */
export class CapturePage extends KioskPage {
  constructor(page: Page) {
    super(page);
  }

  /** Resolves once the live video shows frames. */
  async waitForCamera(timeoutMs = 15_000): Promise<void> {
    // A function, not a string: the page's CSP forbids eval. The tests' tsconfig has no DOM types.
    type VideoDocument = { querySelector(selector: string): { readyState: number; videoWidth: number } | null };
    await this.page.waitForFunction(
      () => {
        const video = (globalThis as unknown as { document: VideoDocument }).document.querySelector('[data-testid="camera-video"]');
        return video !== null && video.readyState >= 2 && video.videoWidth > 0;
      },
      null,
      { timeout: timeoutMs },
    );
  }

  /** The code of the problem the guidance shows now ('ready' when none, '' before the first check). */
  async guidanceIssue(): Promise<string> {
    return (await this.page.locator('[data-testid="guidance"] [data-issue]').getAttribute('data-issue')) ?? '';
  }

  async guidanceText(): Promise<string> {
    return this.page.locator('[data-testid="guidance"] [role="status"]').innerText();
  }

  async waitForGuidanceIssue(code: string, timeoutMs = 15_000): Promise<void> {
    await this.page.locator(`[data-testid="guidance"] [data-issue="${code}"]`).waitFor({ timeout: timeoutMs });
  }

  async view(): Promise<string | null> {
    return this.page.getByTestId('screen-capture').getAttribute('data-view');
  }

  async waitForView(view: 'front' | 'side', timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="screen-capture"][data-view="${view}"]`).waitFor({ timeout: timeoutMs });
  }

  skeleton() {
    return this.page.getByTestId('skeleton');
  }

  async takePhotoNow(): Promise<void> {
    await this.page.getByTestId('take-photo').click();
  }

  review() {
    return this.page.getByTestId('photo-review');
  }

  /** The problems the review lists for the photo just taken (capture issue codes). */
  async reviewIssues(timeoutMs = 15_000): Promise<string[]> {
    await this.review().waitFor({ timeout: timeoutMs });
    return this.review()
      .locator('[data-issue]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-issue') ?? ''));
  }

  /** What the check said of the photo under review: 'failed', 'passed', or 'unchecked' when it could not answer. */
  async reviewCheck(timeoutMs = 15_000): Promise<string> {
    await this.review().waitFor({ timeout: timeoutMs });
    return (await this.review().getAttribute('data-check')) ?? '';
  }

  async canUseReviewedPhoto(): Promise<boolean> {
    return this.page.getByTestId('use-photo').isVisible();
  }

  async retake(): Promise<void> {
    await this.page.getByTestId('retake').click();
    await this.review().waitFor({ state: 'detached' });
  }

  async skipSidePhoto(): Promise<void> {
    await this.page.getByTestId('skip-side').click();
  }
}
