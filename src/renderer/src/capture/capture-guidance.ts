import type { CaptureCheck, CaptureIssue } from '../api/generated/openapi';

export type CaptureIssueCode = CaptureIssue['code'];

/**
 * Every capture issue code, most important first: when several are wrong the customer hears the
 * first one only (fixing "step into the frame" usually fixes the framing issues after it).
 * The order is ours; the codes are the API's.
 */
export const captureIssueCodes = [
  'no_person',
  'multiple_people',
  'person_too_small',
  'head_out_of_frame',
  'feet_out_of_frame',
  'not_facing_camera',
  'not_in_profile',
  'arms_against_body',
  'too_dark',
  'too_blurry',
] as const satisfies readonly CaptureIssueCode[];

// Fails to compile when the API gains a code that the list above lacks.
type MissingCodes = Exclude<CaptureIssueCode, (typeof captureIssueCodes)[number]>;
const everyCodeListed: [MissingCodes] extends [never] ? true : never = true;
void everyCodeListed;

export interface Guidance {
  /** Nothing stops the photo: the customer holds still. */
  ready: boolean;
  /** The one thing to fix now (i18n `guidance.<code>`), or null when ready. */
  headline: CaptureIssueCode | null;
  /** The rest, for the small print. */
  otherIssues: CaptureIssueCode[];
  /** Issues that would only add a note to the result. */
  warnings: CaptureIssueCode[];
}

export function guidanceFor(check: Pick<CaptureCheck, 'ok' | 'issues'>): Guidance {
  const rank = (code: CaptureIssueCode): number => captureIssueCodes.indexOf(code);
  const errors = check.issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => issue.code)
    .sort((a, b) => rank(a) - rank(b));
  const warnings = check.issues
    .filter((issue) => issue.severity === 'warning')
    .map((issue) => issue.code)
    .sort((a, b) => rank(a) - rank(b));
  const ready = check.ok && errors.length === 0;
  return { ready, headline: errors[0] ?? null, otherIssues: errors.slice(1), warnings };
}

/** A person is in view (the customer is there, so the kiosk is not idle). */
export function personInView(check: Pick<CaptureCheck, 'issues'>): boolean {
  return !check.issues.some((issue) => issue.code === 'no_person');
}
