import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { staffPinField, staffPinLengths } from '../../staff/staff-pin.js';
import { commonErrorResponses, errorResponse, isoTimestamp } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';
import { staffTokenHeader } from './guard.js';

export const staffPinRequestSchema = z
  .object({
    pin: staffPinField().openapi({
      description: `The staff PIN, ${staffPinLengths.min} to ${staffPinLengths.max} digits`,
      example: '93175208',
    }),
  })
  .strict()
  .openapi('StaffPinRequest');

export const staffPinStatusSchema = z
  .object({
    pin_set: z.boolean().openapi({ description: 'False until the PIN is set at first start; there is no default PIN' }),
    failed_attempts: z.number().int().openapi({ description: 'Wrong PINs since the last right one (kept across restarts)' }),
    locked_until: isoTimestamp.nullable().openapi({ description: 'Every attempt is refused until then; null when not locked' }),
  })
  .openapi('StaffPinStatus');

export const staffSessionSchema = z
  .object({
    token: z.string().openapi({ description: `Send as the ${staffTokenHeader} header on staff calls; held in memory only, never stored` }),
    expires_at: isoTimestamp.openapi({ description: 'When the session ends unless used; each use extends it by ttl_seconds' }),
    ttl_seconds: z.number().int(),
  })
  .openapi('StaffSession');

export type StaffPinStatusBody = z.infer<typeof staffPinStatusSchema>;
export type StaffSessionBody = z.infer<typeof staffSessionSchema>;

const staffToken = z
  .string()
  .optional()
  .openapi({ param: { name: staffTokenHeader, in: 'header', description: 'A staff session token' } });

export function registerStaffPaths(registry: OpenAPIRegistry): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/pin',
    tags: ['staff'],
    summary: '(ours) Whether the staff PIN is set, and its lockout',
    responses: {
      200: { description: 'The PIN status', ...json(staffPinStatusSchema) },
      503: errorResponse('The PIN file cannot be read: code `staff_pin_file_invalid`'),
      ...commonErrorResponses,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/staff/pin',
    tags: ['staff'],
    summary: '(ours) Set the staff PIN',
    description:
      'With no PIN set (first start) anyone who may call the API sets it. Once set, changing it needs a ' +
      'live staff session or the API key. ' +
      'Setting the PIN clears the failed attempts and signs every staff session out.',
    request: { headers: z.object({ [staffTokenHeader]: staffToken }), body: { required: true, ...json(staffPinRequestSchema) } },
    responses: {
      ...commonErrorResponses,
      200: { description: 'The PIN is set', ...json(staffPinStatusSchema) },
      400: errorResponse('Not 6 to 8 digits: code `invalid_request`'),
      401: errorResponse(
        'A PIN is set and the call has no live staff session or API key: code `staff_required`, `staff_session_expired` or `unauthorized`',
      ),
      503: errorResponse('The PIN file cannot be read: code `staff_pin_file_invalid`'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/session',
    tags: ['staff'],
    summary: '(ours) Open a staff session with the PIN',
    description:
      `Answers a random token to send as ${staffTokenHeader}. Sessions live in the service's memory and end after ttl_seconds ` +
      `without use, or at a restart. ` +
      'Wrong PINs are counted in the data folder; after 5 in a row every attempt is refused for 30 s, ' +
      'doubling with each further wrong PIN up to 1 h.',
    request: { body: { required: true, ...json(staffPinRequestSchema) } },
    responses: {
      ...commonErrorResponses,
      201: { description: 'A staff session', ...json(staffSessionSchema) },
      400: errorResponse('Not 6 to 8 digits: code `invalid_request`'),
      401: errorResponse('Wrong PIN: code `staff_pin_wrong` (or `unauthorized` for a missing API key)'),
      409: errorResponse('No PIN is set yet: code `staff_pin_not_set`; set it with PUT /api/v1/staff/pin'),
      429: errorResponse('Locked out after wrong PINs: code `staff_locked`, with Retry-After'),
      503: errorResponse('The PIN file cannot be read: code `staff_pin_file_invalid`'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/staff/session',
    tags: ['staff'],
    summary: `(ours) End the staff session named by ${staffTokenHeader}`,
    request: { headers: z.object({ [staffTokenHeader]: staffToken }) },
    responses: { 204: { description: 'Signed out (also when the token was unknown)' }, ...commonErrorResponses },
  });
}
