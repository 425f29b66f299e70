import { parseArgs } from 'node:util';
import { StaffPin, staffPinLengths, staffPinSchema } from '../../main/staff/staff-pin.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { dataFolderConfig } from '../data-folder.js';

const usage = `perfit staff set-pin [--data-dir DIR] < PIN
Sets the staff PIN (${staffPinLengths.min} to ${staffPinLengths.max} digits), read from the first line of standard input so
it appears neither in the shell history nor in the process list; for example:
  read -s PIN && printf '%s\\n' "$PIN" | perfit staff set-pin
It replaces any PIN, clears the count of wrong PINs and repairs a damaged PIN file. Staff sessions
already open in a running service stay open until they expire (15 minutes without use).
  --data-dir DIR     data folder (PERFIT_DATA_DIR)`;

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    // A PIN is a few digits: never hold more than a line of whatever is piped in.
    if (text.includes('\n') || text.length > 64) break;
  }
  return text.split('\n')[0]!.trim();
}

async function runStaff(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
  if (positionals.length !== 1 || positionals[0] !== 'set-pin') throw new CliUsageError('The only staff action is set-pin');
  if (!io.stdin) throw new CliUsageError('Pipe the PIN into standard input');
  const parsed = staffPinSchema.safeParse(await firstLine(io.stdin));
  if (!parsed.success) throw new CliUsageError(`The PIN must be ${staffPinLengths.min} to ${staffPinLengths.max} digits [invalid_request]`);
  const config = dataFolderConfig(io, values['data-dir']);
  const pin = new StaffPin(config.dataDir);
  await pin.setPin(parsed.data);
  io.stdout.write(`Staff PIN set in ${pin.path}\n`);
  return 0;
}

export const staffCommand: CliCommand = {
  usage,
  run: runStaff,
};
