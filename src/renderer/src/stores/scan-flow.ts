import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { dataOf } from '../api/api-client';
import type { Avatar, CreateAvatarRequest, ExtractionJob } from '../api/generated/openapi';
import { pollJobUntilDone } from '../capture/job-polling';
import { kioskErrorFrom, kioskErrorOfCode, kioskErrorOfFailedJob, type KioskError } from '../errors/kiosk-errors';
import type { SupportedLocale } from '../i18n/locales';
import type { LengthUnit } from '../measurements/units';
import type { FitPreference } from '../sizes/fit-preference';
import { useApiStore } from './api';
import { useSettingsStore } from './settings';
import { useStaffStore } from './staff';

/**
 * The kiosk's screens and the one customer's data on their way through them. Small enough for a
 * store; no router: a kiosk has no URLs to share, no back button, and must never land mid-flow.
 *
 *   start → consent → details → capture (front, then side or skip) → processing → result (⇄ sizes) → done → start
 *   any customer screen → error → capture (retake) | processing (retry) | start
 *   start → staff (PIN) → start
 */
export const customerScreens = ['start', 'consent', 'details', 'capture', 'processing', 'result', 'sizes', 'done', 'error'] as const;
export type Screen = (typeof customerScreens)[number] | 'staff';

export type Gender = CreateAvatarRequest extends { gender?: infer G } ? NonNullable<G> : never;
export type Clothing = NonNullable<CreateAvatarRequest['clothing']>;
/** The kinds staff choose from on the details screen (the API also takes a sole height in cm). */
export type ShoeKind = Extract<NonNullable<CreateAvatarRequest['shoes']>, string>;
export type CaptureView = 'front' | 'side';

export const maxCustomerRefLength = 128;
export const jobPollIntervalMs = 1000;

export interface CustomerSession {
  customerRef: string;
  consentGiven: boolean;
  heightCm: number | null;
  gender: Gender;
  clothing: Clothing;
  /** Null: not said (the scan judges the sole from the photo). */
  shoes: ShoeKind | null;
  /** The photos as JPEG data URLs, kept only until the customer is done. */
  frontPhoto: string | null;
  sidePhoto: string | null;
  /** More frames of the same moment as each photo (multi-frame capture), sent as `images` / `side_images`. */
  frontFrames: string[];
  sideFrames: string[];
  captureView: CaptureView;
  job: ExtractionJob | null;
  avatar: Avatar | null;
  error: KioskError | null;
  /** The customer's own choices for this scan, starting from the staff settings. */
  locale: SupportedLocale;
  units: LengthUnit;
  /** How the customer likes clothes to fit, for "Your sizes" (the API's `fit`). */
  fitPreference: FitPreference;
}

function freshSession(locale: SupportedLocale, units: LengthUnit): CustomerSession {
  return {
    customerRef: '',
    consentGiven: false,
    heightCm: null,
    gender: 'neutral',
    clothing: 'regular',
    shoes: null,
    frontPhoto: null,
    sidePhoto: null,
    frontFrames: [],
    sideFrames: [],
    captureView: 'front',
    job: null,
    avatar: null,
    error: null,
    locale,
    units,
    fitPreference: 'regular',
  };
}

export const useScanFlowStore = defineStore('scanFlow', () => {
  const settingsStore = useSettingsStore();
  const screen = ref<Screen>('start');
  const session = ref<CustomerSession>(freshSession(settingsStore.settings.locale, settingsStore.settings.units));
  /** Cancels the running submit or job polling when the customer leaves. */
  const activeWork = shallowRef<AbortController | null>(null);

  const progress = computed(() => session.value.job?.progress ?? { stage: null, percent: 0 });

  function cancelWork(): void {
    activeWork.value?.abort();
    activeWork.value = null;
  }

  /** Back to the start screen with nothing of the last customer left in memory. */
  function reset(): void {
    cancelWork();
    session.value = freshSession(settingsStore.settings.locale, settingsStore.settings.units);
    useStaffStore().lock();
    screen.value = 'start';
  }

  function setLocale(locale: SupportedLocale): void {
    session.value.locale = locale;
  }

  function setUnits(units: LengthUnit): void {
    session.value.units = units;
  }

  function setFitPreference(preference: FitPreference): void {
    session.value.fitPreference = preference;
  }

  /** Staff typed or scanned the customer reference; answers false when it is not a valid reference. */
  function begin(customerRef: string): boolean {
    const trimmed = customerRef.trim();
    if (trimmed.length === 0 || trimmed.length > maxCustomerRefLength || /\p{Cc}/u.test(trimmed)) return false;
    session.value.customerRef = trimmed;
    screen.value = 'consent';
    return true;
  }

  function acceptConsent(): void {
    session.value.consentGiven = true;
    screen.value = 'details';
  }

  function declineConsent(): void {
    reset();
  }

  function setDetails(details: { heightCm: number | null; gender: Gender; clothing: Clothing; shoes: ShoeKind | null }): void {
    session.value.heightCm = details.heightCm;
    session.value.gender = details.gender;
    session.value.clothing = details.clothing;
    session.value.shoes = details.shoes;
    session.value.captureView = 'front';
    screen.value = 'capture';
  }

  /**
   * A photo passed its checks, with the burst's other frames: the front one leads to the side
   * view (or straight to the scan), the side one to the scan.
   */
  async function acceptPhoto(view: CaptureView, photo: string, frames: readonly string[] = []): Promise<void> {
    if (view === 'front') {
      session.value.frontPhoto = photo;
      session.value.frontFrames = [...frames];
      if (settingsStore.settings.askForSidePhoto) {
        session.value.captureView = 'side';
        return;
      }
    } else {
      session.value.sidePhoto = photo;
      session.value.sideFrames = [...frames];
    }
    await submit();
  }

  async function skipSidePhoto(): Promise<void> {
    session.value.sidePhoto = null;
    session.value.sideFrames = [];
    await submit();
  }

  /** Both photos again, from the front one; the customer's details stay. */
  function retake(): void {
    cancelWork();
    session.value.frontPhoto = null;
    session.value.sidePhoto = null;
    session.value.frontFrames = [];
    session.value.sideFrames = [];
    session.value.job = null;
    session.value.error = null;
    session.value.captureView = 'front';
    screen.value = 'capture';
  }

  function showError(error: KioskError): void {
    cancelWork();
    session.value.error = error;
    screen.value = 'error';
  }

  function requestOf(current: CustomerSession): CreateAvatarRequest {
    return {
      user_id: current.customerRef,
      image: current.frontPhoto ?? '',
      gender: current.gender,
      height_cm: current.heightCm,
      clothing: current.clothing,
      shoes: current.shoes,
      side_image: current.sidePhoto,
      consent: current.consentGiven,
      // Only with a burst: a single photo is sent exactly as before.
      ...(current.frontFrames.length > 0 ? { images: current.frontFrames } : {}),
      ...(current.sidePhoto && current.sideFrames.length > 0 ? { side_images: current.sideFrames } : {}),
    };
  }

  async function runWork(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    cancelWork();
    const controller = new AbortController();
    activeWork.value = controller;
    try {
      await work(controller.signal);
    } catch (error) {
      // A cancelled run belongs to a customer who has left; nothing to show.
      if (!controller.signal.aborted) showError(kioskErrorFrom(error));
    } finally {
      if (activeWork.value === controller) activeWork.value = null;
    }
  }

  /** Sends the photos and follows the job to its result. */
  async function submit(): Promise<void> {
    if (!session.value.frontPhoto) return showError(kioskErrorOfCode('image_empty', 'No photo was taken'));
    screen.value = 'processing';
    session.value.job = null;
    await runWork(async (signal) => {
      const client = useApiStore().requireClient();
      const created = await dataOf(client.http.POST('/api/v1/avatar', { body: requestOf(session.value), signal }));
      await followJob(created.job_id, signal);
    });
  }

  async function followJob(jobId: string, signal: AbortSignal): Promise<void> {
    const client = useApiStore().requireClient();
    const pollJob = (pollSignal?: AbortSignal): Promise<ExtractionJob> =>
      dataOf(client.http.GET('/api/v1/avatar/job/{job_id}', { params: { path: { job_id: jobId } }, signal: pollSignal }));
    const job = await pollJobUntilDone(pollJob, {
      intervalMs: jobPollIntervalMs,
      maxConsecutiveNetworkErrors: 5,
      onUpdate: (update) => (session.value.job = update),
      signal,
    });
    if (job.status === 'failed') return showError(kioskErrorOfFailedJob(job));
    // The completed job embeds its avatar; the latest avatar of the customer is the same one otherwise.
    session.value.avatar =
      job.avatar ?? (await dataOf(client.http.GET('/api/v1/avatar/{user_id}', { params: { path: { user_id: job.user_id } }, signal })));
    screen.value = 'result';
  }

  /**
   * Staff chose the height the calibrated camera read over the typed one (a result carrying
   * `height_disagrees_with_camera`): the same photos are scanned again without a typed height, so
   * that the camera's reading scales the body. The first scan stays in the customer's history; the
   * new one is their latest.
   */
  async function rescanWithCameraHeight(): Promise<void> {
    if (!session.value.avatar) return;
    session.value.heightCm = null;
    session.value.avatar = null;
    await submit();
  }

  /** The error screen's main button. */
  async function recover(): Promise<void> {
    const error = session.value.error;
    if (!error) return reset();
    switch (error.recovery) {
      case 'retake':
        return retake();
      case 'retry': {
        session.value.error = null;
        const runningJob = session.value.job;
        if (runningJob && runningJob.status !== 'failed') {
          screen.value = 'processing';
          return runWork((signal) => followJob(runningJob.id, signal));
        }
        return submit();
      }
      default:
        return reset();
    }
  }

  function finish(): void {
    screen.value = 'done';
  }

  /** The customer's sizes in the garments staff chose, and back to the measurements. */
  function showSizes(): void {
    if (session.value.avatar) screen.value = 'sizes';
  }

  function showResult(): void {
    if (session.value.avatar) screen.value = 'result';
  }

  function openStaff(): void {
    reset();
    screen.value = 'staff';
  }

  return {
    screen,
    session,
    progress,
    reset,
    setLocale,
    setUnits,
    begin,
    acceptConsent,
    declineConsent,
    setDetails,
    acceptPhoto,
    skipSidePhoto,
    retake,
    showError,
    submit,
    rescanWithCameraHeight,
    recover,
    finish,
    showSizes,
    setFitPreference,
    showResult,
    openStaff,
  };
});
