import { staffTokenHeader } from '../staff/guard.js';
import * as z from 'zod';
import './zod-openapi-extension.js';

/** The error body of every 4xx/5xx answer (the contract's `detail`, plus our stable `code`). */
export const errorBodySchema = z
  .object({
    detail: z.string().openapi({ description: 'Human-readable message', example: 'No face detected in image' }),
    code: z.string().openapi({ description: 'Stable machine-readable error code', example: 'no_face' }),
  })
  .openapi('Error', { description: 'Error answer: `detail` as in the original service, plus a stable `code`.' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * What `uuidParam` accepts, for a hot route to skip zod on a valid id (a poll is answered in tens of
 * µs, zod's parse took two of them); an invalid one still goes through the schema for its message.
 */
export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A UUID in a path: malformed ones are a 400 (`invalid_id`); lowercased for lookups. */
export function uuidParam(name: string, description: string) {
  return z
    .string()
    .regex(uuidPattern, { error: `${name} must be a UUID such as 3f0c8a9e-5b1d-4c2e-9f7a-0123456789ab` })
    .transform((value) => value.toLowerCase())
    .openapi({
      param: { name, in: 'path', description },
      description: 'A UUID (lowercase hex with dashes)',
      example: '3f0c8a9e-5b1d-4c2e-9f7a-0123456789ab',
    });
}

export const isoTimestamp = z.string().openapi({ format: 'date-time', description: 'ISO 8601 UTC', example: '2025-01-31T09:30:00.000Z' });

/** Response descriptions shared by the routes. */
export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorBodySchema } } };
}

export const commonErrorResponses = {
  401: errorResponse('API key missing or wrong (whenever a key is configured): code `unauthorized`'),
  421: errorResponse('The Host header names a host this service does not answer for: code `host_not_allowed`'),
  500: errorResponse('Server error; the detail is generic and the log has the cause under the request id: code `internal_error`'),
};

/** The staff session header of every staff action (an alternative to the API key). */
export const staffTokenHeaderSchema = z.object({
  [staffTokenHeader]: z
    .string()
    .optional()
    .openapi({ param: { name: staffTokenHeader, in: 'header', description: 'A staff session token' } }),
});

/** A base64 photo in a JSON body (its description, with the limits, is the caller's). */
export function base64PhotoString(name: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${name} is required (a base64 JPEG, PNG or WebP photo)` : `${name} must be a base64 string`,
    })
    .min(1, { error: `${name} is empty` });
}
