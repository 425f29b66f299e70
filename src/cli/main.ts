import { ConfigError } from '../main/config.js';
import { CliUsageError, type CliCommand, type CliIo } from './command.js';
import { bodyCommand } from './commands/body.js';
import { calibrateCommand } from './commands/calibrate.js';
import { chartsCommand } from './commands/charts.js';
import { jobsCommand } from './commands/jobs.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { sizesCommand } from './commands/sizes.js';
import { staffCommand } from './commands/staff.js';
import { syncCommand } from './commands/sync.js';

const commands: CliCommand[] = [
  serveCommand,
  scanCommand,
  jobsCommand,
  bodyCommand,
  syncCommand,
  staffCommand,
  sizesCommand,
  chartsCommand,
  calibrateCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return (
    'perfit: the Perfit Kiosk service and tools\n\nUsage: perfit <command> [options]\n\nCommands:\n' +
    commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n') +
    "\n\nRun `perfit <command> --help` for a command's options.\n"
  );
}

/** Entry point of the `perfit` command; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`perfit: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError || isParseArgsError(error)) {
      io.stderr.write(`perfit ${command.name}: ${(error as Error).message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`perfit: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    const code = (error as { code?: unknown }).code;
    io.stderr.write(`perfit ${command.name}: ${(error as Error).message}${typeof code === 'string' ? ` [${code}]` : ''}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
