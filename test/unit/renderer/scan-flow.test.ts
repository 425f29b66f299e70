// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useScanFlowStore } from '../../../src/renderer/src/stores/scan-flow';
import { useSettingsStore } from '../../../src/renderer/src/stores/settings';
import { useStaffStore } from '../../../src/renderer/src/stores/staff';
import { avatarAnswer, jobAnswer } from './api-factories';
import { connectStores, FakeService } from './fake-service';

const photo = 'data:image/jpeg;base64,/9j/AAAA';
const jobPath = /^\/api\/v1\/avatar\/job\/[^/]+$/;

/** A customer through consent and details, on the capture screen. */
function customerAtCapture(): ReturnType<typeof useScanFlowStore> {
  const flow = useScanFlowStore();
  expect(flow.begin('  customer-1 ')).toBe(true);
  flow.acceptConsent();
  flow.setDetails({ heightCm: 170, gender: 'female', clothing: 'regular', shoes: null });
  return flow;
}

describe('the scan flow', () => {
  let service: FakeService;

  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
    service = new FakeService();
    connectStores(service);
  });
  afterEach(() => vi.useRealTimers());

  it('walks start → consent → details → capture with the trimmed customer reference', () => {
    const flow = useScanFlowStore();
    expect(flow.screen).toBe('start');
    flow.begin(' customer-1 ');
    expect(flow.screen).toBe('consent');
    expect(flow.session.customerRef).toBe('customer-1');
    flow.acceptConsent();
    expect(flow.screen).toBe('details');
    flow.setDetails({ heightCm: 180, gender: 'male', clothing: 'regular', shoes: null });
    expect(flow.screen).toBe('capture');
    expect(flow.session).toMatchObject({ consentGiven: true, heightCm: 180, gender: 'male', captureView: 'front' });
  });

  it('refuses an empty, too long or control-character customer reference', () => {
    const flow = useScanFlowStore();
    expect(flow.begin('   ')).toBe(false);
    expect(flow.begin('x'.repeat(129))).toBe(false);
    expect(flow.begin('a\u0007b')).toBe(false);
    expect(flow.screen).toBe('start');
  });

  it('declining consent goes back to the start with nothing kept', () => {
    const flow = useScanFlowStore();
    flow.begin('customer-1');
    flow.declineConsent();
    expect(flow.screen).toBe('start');
    expect(flow.session.customerRef).toBe('');
  });

  it('asks for the side photo after the front one when the setting says so, else sends at once', async () => {
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    service.on('GET', jobPath, { status: 200, body: jobAnswer({ status: 'processing' }) });
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo);
    expect(flow.session.captureView).toBe('side');
    expect(flow.screen).toBe('capture');
    expect(service.requestsTo('POST', '/api/v1/avatar')).toHaveLength(0);

    flow.reset();
    useSettingsStore().update({ askForSidePhoto: false });
    const again = customerAtCapture();
    void again.acceptPhoto('front', photo);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.screen).toBe('processing');
    expect(service.requestsTo('POST', '/api/v1/avatar')).toHaveLength(1);
  });

  it('sends the photos and details, follows the job by stage and shows the embedded avatar', async () => {
    const job = jobAnswer();
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: job.id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    const answers = [
      jobAnswer({ status: 'processing', progress: { stage: 'detect', percent: 0 } }),
      jobAnswer({ status: 'processing', progress: { stage: 'measure', percent: 67 } }),
      jobAnswer({ status: 'completed', progress: { stage: 'measure', percent: 100 }, avatar: avatarAnswer() }),
    ];
    service.on('GET', jobPath, () => ({ status: 200, body: answers.shift() }));
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo);
    const done = flow.acceptPhoto('side', photo);
    await vi.advanceTimersByTimeAsync(0);
    expect(flow.screen).toBe('processing');
    expect(flow.progress.stage).toBe('detect');
    await vi.advanceTimersByTimeAsync(1000);
    expect(flow.progress).toEqual({ stage: 'measure', percent: 67 });
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    expect(flow.screen).toBe('result');
    expect(flow.session.avatar?.chest_circumference_cm).toBe(93.5);
    expect(service.requestsTo('POST', '/api/v1/avatar')[0]!.body).toEqual({
      user_id: 'customer-1',
      image: photo,
      gender: 'female',
      height_cm: 170,
      clothing: 'regular',
      shoes: null,
      side_image: photo,
      consent: true,
    });
  });

  it("scans the same photos again without the typed height when staff choose the camera's", async () => {
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    const results = [avatarAnswer({ height_cm: 170 }), avatarAnswer({ height_cm: 179.2 })];
    service.on('GET', jobPath, () => ({ status: 200, body: jobAnswer({ status: 'completed', avatar: results.shift() }) }));
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo, [photo]);
    await flow.acceptPhoto('side', photo);
    expect(flow.session.avatar?.height_cm).toBe(170);

    await flow.rescanWithCameraHeight();
    expect(flow.screen).toBe('result');
    expect(flow.session.avatar?.height_cm).toBe(179.2);
    const [first, second] = service.requestsTo('POST', '/api/v1/avatar').map((request) => request.body as Record<string, unknown>);
    expect(first).toMatchObject({ height_cm: 170 });
    expect(second).toEqual({ ...first, height_cm: null });
  });

  it("sends a burst's frames with each photo as images and side_images, and forgets them on a retake", async () => {
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    service.on('GET', jobPath, { status: 200, body: jobAnswer({ status: 'completed', avatar: avatarAnswer() }) });
    const frame = (n: number): string => `data:image/jpeg;base64,/9j/AAA${n}`;
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo, [frame(1), frame(2)]);
    await flow.acceptPhoto('side', photo, [frame(3)]);
    expect(service.requestsTo('POST', '/api/v1/avatar')[0]!.body).toMatchObject({
      image: photo,
      images: [frame(1), frame(2)],
      side_image: photo,
      side_images: [frame(3)],
    });
    flow.retake();
    expect(flow.session).toMatchObject({ frontFrames: [], sideFrames: [], frontPhoto: null });
    await flow.acceptPhoto('front', photo);
    await flow.skipSidePhoto();
    const single = service.requestsTo('POST', '/api/v1/avatar').at(-1)!.body as Record<string, unknown>;
    expect(Object.keys(single)).not.toContain('images');
    expect(Object.keys(single)).not.toContain('side_images');
  });

  it('a job rejected by a capture check shows the error screen, and its action goes back to the camera', async () => {
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    service.on('GET', jobPath, {
      status: 200,
      body: jobAnswer({ status: 'failed', error_code: 'feet_out_of_frame', error_message: 'feet cut off' }),
    });
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo);
    await flow.skipSidePhoto();
    expect(flow.screen).toBe('error');
    expect(flow.session.error).toMatchObject({ kind: 'capture_rejected', recovery: 'retake', captureIssue: 'feet_out_of_frame' });
    await flow.recover();
    expect(flow.screen).toBe('capture');
    expect(flow.session).toMatchObject({
      frontPhoto: null,
      sidePhoto: null,
      captureView: 'front',
      customerRef: 'customer-1',
      heightCm: 170,
    });
  });

  it('an unreachable service is an error whose retry sends the same photos again', async () => {
    useSettingsStore().update({ askForSidePhoto: false });
    service.unreachable = true;
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo);
    expect(flow.screen).toBe('error');
    expect(flow.session.error).toMatchObject({ kind: 'service_unreachable', recovery: 'retry' });

    service.unreachable = false;
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    service.on('GET', jobPath, { status: 200, body: jobAnswer({ status: 'completed', avatar: avatarAnswer() }) });
    await flow.recover();
    expect(flow.screen).toBe('result');
    expect(service.requestsTo('POST', '/api/v1/avatar').at(-1)!.body).toMatchObject({ image: photo });
  });

  it('a queue-full answer is a busy error with the seconds to wait', async () => {
    useSettingsStore().update({ askForSidePhoto: false });
    service.on('POST', '/api/v1/avatar', {
      status: 429,
      body: { detail: 'Too many scans', code: 'queue_full' },
      headers: { 'retry-after': '20' },
    });
    const flow = customerAtCapture();
    await flow.acceptPhoto('front', photo);
    expect(flow.session.error).toMatchObject({ kind: 'busy', code: 'queue_full', retryAfterSeconds: 20 });
  });

  it('reset clears the customer, stops following the job and locks the staff screens', async () => {
    useSettingsStore().update({ askForSidePhoto: false });
    service.on('POST', '/api/v1/avatar', {
      status: 202,
      body: { job_id: jobAnswer().id, status: 'pending', user_id: 'customer-1', created_at: '' },
    });
    service.on('GET', jobPath, { status: 200, body: jobAnswer({ status: 'processing' }) });
    useStaffStore().unlocked = true;
    const flow = customerAtCapture();
    flow.setLocale('de');
    const running = flow.acceptPhoto('front', photo);
    await vi.advanceTimersByTimeAsync(2000);
    const pollsBefore = service.requestsTo('GET', jobPath).length;
    flow.reset();
    await running;
    await vi.advanceTimersByTimeAsync(5000);
    expect(service.requestsTo('GET', jobPath)).toHaveLength(pollsBefore);
    expect(flow.screen).toBe('start');
    expect(flow.session).toMatchObject({ customerRef: '', frontPhoto: null, job: null, avatar: null, error: null, locale: 'en' });
    expect(useStaffStore().unlocked).toBe(false);
  });

  it('the result leads to done, and opening the staff screens drops the customer first', () => {
    const flow = customerAtCapture();
    flow.finish();
    expect(flow.screen).toBe('done');
    flow.openStaff();
    expect(flow.screen).toBe('staff');
    expect(flow.session.customerRef).toBe('');
  });
});
