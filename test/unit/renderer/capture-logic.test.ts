// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { AutoCaptureGate } from '../../../src/renderer/src/capture/auto-capture-gate';
import { guidanceFor, personInView } from '../../../src/renderer/src/capture/capture-guidance';
import type { CaptureCheck, CaptureIssue } from '../../../src/renderer/src/api/generated/openapi';
import PhotoReview from '../../../src/renderer/src/components/PhotoReview.vue';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import { checkAnswer } from './api-factories';

const issue = (code: CaptureIssue['code'], severity: CaptureIssue['severity'] = 'error'): CaptureIssue => ({
  code,
  severity,
  message: code,
});

describe('capture guidance', () => {
  it('says the most important problem first, whatever order the API lists them in', () => {
    const guidance = guidanceFor({ ok: false, issues: [issue('arms_against_body'), issue('too_dark'), issue('feet_out_of_frame')] });
    expect(guidance.ready).toBe(false);
    expect(guidance.headline).toBe('feet_out_of_frame');
    expect(guidance.otherIssues).toEqual(['arms_against_body', 'too_dark']);
  });

  it('is ready with warnings only, and keeps them for the small print', () => {
    const guidance = guidanceFor({ ok: true, issues: [issue('too_blurry', 'warning')] });
    expect(guidance).toEqual({ ready: true, headline: null, otherIssues: [], warnings: ['too_blurry'] });
  });

  it('knows when nobody is in view', () => {
    expect(personInView({ issues: [issue('no_person')] })).toBe(false);
    expect(personInView({ issues: [issue('arms_against_body')] })).toBe(true);
  });
});

describe('auto-capture gate', () => {
  const gate = (): AutoCaptureGate => new AutoCaptureGate({ countdownMs: 3000, maxCheckAgeMs: 2500 });

  it('counts down from the first passing check and fires once when the checks held', () => {
    const capture = gate();
    expect(capture.secondsLeft(0)).toBeNull();
    capture.onCheck(true, 1000);
    expect(capture.secondsLeft(1000)).toBe(3);
    expect(capture.secondsLeft(2100)).toBe(2);
    capture.onCheck(true, 2500);
    expect(capture.shouldCapture(3900)).toBe(false);
    capture.onCheck(true, 3800);
    expect(capture.shouldCapture(4000)).toBe(true);
    expect(capture.shouldCapture(4100)).toBe(false);
  });

  it('a failing check cancels the countdown', () => {
    const capture = gate();
    capture.onCheck(true, 0);
    capture.onCheck(false, 1500);
    expect(capture.secondsLeft(1600)).toBeNull();
    expect(capture.shouldCapture(5000)).toBe(false);
    capture.onCheck(true, 5000);
    expect(capture.secondsLeft(5000)).toBe(3);
  });

  it('does not fire on a stale passing check (the check requests stalled)', () => {
    const capture = gate();
    capture.onCheck(true, 0);
    expect(capture.shouldCapture(3000)).toBe(false); // the last check is 3 s old
    capture.onCheck(true, 3100);
    expect(capture.shouldCapture(3200)).toBe(true);
  });

  it('starts over after a reset (retake)', () => {
    const capture = gate();
    capture.onCheck(true, 0);
    capture.onCheck(true, 2900);
    expect(capture.shouldCapture(3000)).toBe(true);
    capture.reset();
    expect(capture.shouldCapture(9000)).toBe(false);
    capture.onCheck(true, 9000);
    expect(capture.secondsLeft(9000)).toBe(3);
  });
});

describe('the review of a photo just taken', () => {
  const review = (check: CaptureCheck | null) =>
    mount(PhotoReview, { props: { photo: 'data:image/png;base64,', check }, global: { plugins: [createKioskI18n('en')] } });

  it('lists what the check found and offers only a retake', () => {
    const wrapper = review(checkAnswer({ ok: false, issues: [issue('arms_against_body')] }));
    expect(wrapper.get('[data-testid="photo-review"]').attributes('data-check')).toBe('failed');
    expect(wrapper.findAll('[data-issue]').map((item) => item.attributes('data-issue'))).toEqual(['arms_against_body']);
    expect(wrapper.find('[data-testid="use-photo"]').exists()).toBe(false);
  });

  it('does not call a photo good when the check could not answer: staff judge it, and may still use it', () => {
    const wrapper = review(null);
    expect(wrapper.get('[data-testid="photo-review"]').attributes('data-check')).toBe('unchecked');
    expect(wrapper.text()).toContain('could not be checked');
    expect(wrapper.text()).not.toContain('Looks good');
    expect(wrapper.find('[data-testid="use-photo"]').exists()).toBe(true);
  });

  it('calls a photo the check passed good', () => {
    const wrapper = review(checkAnswer({ ok: true, issues: [] }));
    expect(wrapper.get('[data-testid="photo-review"]').attributes('data-check')).toBe('passed');
    expect(wrapper.text()).toContain('Looks good');
  });
});
