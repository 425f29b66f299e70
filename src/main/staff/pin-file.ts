import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { describeZodIssues } from '../zod-issues.js';
import { pinHashSchema } from './pin-hash.js';
import { codedErrorClass } from '../errors.js';

/** The staff PIN's file in the data folder: the hash and the failed attempts, so a restart keeps a lockout. */
export const staffPinFileName = 'staff-pin.json';

const pinFileSchema = z
  .object({
    version: z.literal(1),
    pin: pinHashSchema.nullable(),
    failedAttempts: z.number().int().min(0),
    lockedUntil: z.iso.datetime().nullable(),
  })
  .strict();

export type PinFile = z.infer<typeof pinFileSchema>;

export const emptyPinFile: PinFile = { version: 1, pin: null, failedAttempts: 0, lockedUntil: null };

/** The PIN file cannot be read or does not parse: staff actions stay refused until it is replaced. */
export class StaffPinFileError extends codedErrorClass('StaffPinFileError', 'staff_pin_file_invalid') {}

export async function readPinFile(path: string): Promise<PinFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyPinFile;
    throw new StaffPinFileError(`The staff PIN file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StaffPinFileError(`The staff PIN file ${path} is not JSON; set the PIN again with \`perfit staff set-pin\``, {
      cause: error,
    });
  }
  const parsed = pinFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new StaffPinFileError(
      `The staff PIN file ${path} is invalid (${describeZodIssues(parsed.error.issues)}); set the PIN again with \`perfit staff set-pin\``,
    );
  }
  return parsed.data;
}

/** Written to a temporary file and renamed over the old one, so a power cut leaves one whole file; owner-only (0600). */
export async function writePinFile(path: string, file: PinFile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  // `perfit staff set-pin` may run before the service ever made the data folder.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(temporary, `${JSON.stringify(pinFileSchema.parse(file), null, 2)}\n`, { mode: 0o600, flush: true });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
