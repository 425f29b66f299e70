import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { StaffPage } from '../pages/staff.page.js';
import { StartPage } from '../pages/start.page.js';
import { missingTools } from './fake-camera.js';
import { launchKioskBrowser, openKiosk, recordScreen, rendererIsBuilt, startKioskService, type KioskService } from './kiosk-harness.js';
import { makeMarkerCameraVideo, markerCamera, markerSideCm } from './marker-camera.js';

/**
 * Calibration method 2 from the staff settings in Debian's Chromium against a real `perfit serve`:
 * the kiosk camera (Chromium's fake one) sees the printed floor marker through a known camera, staff
 * type the square's side and take the photo, and the real reader thread measures the camera. The
 * screen is checked with axe and photographed into docs/screens/. Skips, saying why, without
 * Chromium, ffmpeg or a built renderer.
 */
const skipReason = missingTools() ?? (rendererIsBuilt() ? null : 'the renderer is not built: run `npm run build` first');
if (skipReason) console.warn(`Marker calibration e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('calibrating with the printed floor marker in Chromium', () => {
  let service: KioskService;
  let browser: Browser;
  let temp: { path: string; remove: () => void };

  beforeAll(async () => {
    temp = makeTempDir('perfit-marker-camera-');
    const [video, started] = await Promise.all([makeMarkerCameraVideo(temp.path), startKioskService()]);
    service = started;
    browser = await launchKioskBrowser(video);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    temp?.remove();
  });

  it("measures the camera's height and tilt from one photo of the marker and stores it", async () => {
    const page = await openKiosk(browser, service.url);
    const start = new StartPage(page);
    const staff = new StaffPage(page);
    await start.openStaff();
    await staff.choosePin('48151623');
    await staff.openTab('settings');
    await staff.calibrateWithMarker(markerSideCm);
    await staff.calibrationOutcome().getByText('Calibrated:').waitFor({ timeout: 30_000 });

    const answer = (await (await fetch(`${service.url}/api/v1/calibration`)).json()) as {
      state: string;
      calibration: { method: string; camera: { height_cm: number; tilt_deg: number; tilt_source: string } };
    };
    expect(answer.state).toBe('ok');
    expect(answer.calibration.method).toBe('marker');
    expect(answer.calibration.camera.tilt_source).toBe('measured');
    // The integration tests hold the reader to 1 cm and 0.2° on such photos; the kiosk's path (video,
    // canvas grab, JPEG) adds its own resampling, so a little more room.
    expect(Math.abs(answer.calibration.camera.height_cm - markerCamera.heightM * 100)).toBeLessThan(2);
    expect(Math.abs(answer.calibration.camera.tilt_deg - markerCamera.tiltDeg)).toBeLessThan(0.4);
    const outcome = await staff.calibrationOutcome().innerText();
    // As the service gave them (the height to the millimetre, the tilt to the hundredth), in English's number format.
    const shown = (value: number, digits: number) =>
      new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: digits }).format(value);
    expect(outcome).toContain(`${shown(answer.calibration.camera.height_cm, 1)} cm above the floor`);
    expect(outcome).toContain(`tilted ${shown(answer.calibration.camera.tilt_deg, 2)}°`);
    await expect.poll(() => staff.calibrationPanel().getAttribute('data-state')).toBe('ok');

    expect(await start.seriousAccessibilityViolations(), 'axe on the marker calibration').toEqual([]);
    await recordScreen(page, 'staff-calibration-marker', staff.calibrationPanel());
    await page.context().close();
  }, 150_000);
});
