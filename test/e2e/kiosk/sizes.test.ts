import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CapturePage } from '../pages/capture.page.js';
import { ResultPage } from '../pages/result.page.js';
import { SizesPage } from '../pages/sizes.page.js';
import { StaffPage } from '../pages/staff.page.js';
import { StartPage } from '../pages/start.page.js';
import { makeFakeCameraVideo, missingTools, writeGoodPosePhoto } from './fake-camera.js';
import {
  launchKioskBrowser,
  openKiosk,
  recordScreen,
  rendererIsBuilt,
  startKioskService,
  warmUpCaptureChecks,
  type KioskService,
} from './kiosk-harness.js';

/**
 * "Your sizes" after a scan, and the staff's Garments tab, in Debian's Chromium against a real
 * `perfit serve` with the shipped demo charts; each screen checked with axe and photographed into
 * docs/screens/. Skips, saying why, without Chromium, ffmpeg or a built renderer.
 */
const skipReason = missingTools() ?? (rendererIsBuilt() ? null : 'the renderer is not built: run `npm run build` first');
if (skipReason) console.warn(`Sizes e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the size screens in Chromium', () => {
  let service: KioskService;
  let browser: Browser;
  let temp: { path: string; remove: () => void };
  const pages: Page[] = [];

  beforeAll(async () => {
    temp = makeTempDir('perfit-sizes-camera-');
    const goodPosePhoto = join(temp.path, 'good-pose.jpg');
    const [video, started] = await Promise.all([
      makeFakeCameraVideo(temp.path),
      startKioskService(),
      writeGoodPosePhoto(goodPosePhoto),
    ]).then(([v, s]) => [v, s] as const);
    service = started;
    [browser] = await Promise.all([launchKioskBrowser(video), warmUpCaptureChecks(service.url, goodPosePhoto)]);
  }, 120_000);

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.close();
    await service?.close();
    temp?.remove();
  });

  async function checkScreen(page: Page, name: string): Promise<void> {
    expect(await new StartPage(page).seriousAccessibilityViolations(), `axe on the ${name} screen`).toEqual([]);
    await recordScreen(page, name);
  }

  it("shows the customer's sizes in the garments shown to customers, then staff hide one", async () => {
    const page = await openKiosk(browser, service.url);
    pages.push(page);
    const start = new StartPage(page);
    const capture = new CapturePage(page);
    await start.startScan('e2e-sizes', { heightCm: 168, gender: 'female' });
    await capture.waitForCamera();
    await capture.waitForView('side', 30_000);
    await capture.skipSidePhoto();
    await start.waitForScreen('result', 30_000);

    const sizes = new SizesPage(page);
    await sizes.open();
    // A female body model: the women's demo charts (there is no unisex one).
    const garments = await sizes.garments();
    expect(garments.map((g) => g.chart)).toEqual(['generic-women-dresses', 'generic-women-tops', 'generic-women-trousers']);
    for (const garment of garments) {
      expect(garment.size).toMatch(/^(XS|S|M|L|XL|XXL)$/);
      // The test double states SDs for its figures, as the embedded pipeline does: each size's probability is shown.
      expect(garment.probability).toMatch(/^\d{1,3}% likely$/);
      expect(garment.fit.length).toBeGreaterThan(0);
    }
    await checkScreen(page, 'sizes');
    // A customer who likes a loose fit is sized the same or one up in every garment, never down.
    expect(await sizes.choosePreference('loose')).toBe('loose');
    const loose = await sizes.garments();
    const order = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
    expect(loose.map((g) => g.chart)).toEqual(garments.map((g) => g.chart));
    loose.forEach((garment, index) => expect(order.indexOf(garment.size)).toBeGreaterThanOrEqual(order.indexOf(garments[index]!.size)));
    expect(await sizes.choosePreference('regular')).toBe('regular');
    expect(await sizes.garments()).toEqual(garments);
    await sizes.backToResult();
    expect(await new ResultPage(page).measurementValue('height')).toBe('168.0 cm');

    const staff = new StaffPage(page);
    await new ResultPage(page).done();
    await new ResultPage(page).newScan();
    await start.openStaff();
    await staff.choosePin('86420864');
    await staff.openTab('charts');
    await page.locator('[data-chart="generic-women-tops"] [data-testid="chart-shown"]').uncheck();
    await expect
      .poll(
        async () => (await (await fetch(`${service.url}/api/v1/size-charts/generic-women-tops`)).json()) as { shown_to_customers: boolean },
      )
      .toMatchObject({ shown_to_customers: false });
    await checkScreen(page, 'staff-garments');
    await staff.exit();
  }, 120_000);
});
