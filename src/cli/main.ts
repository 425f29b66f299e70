import { ConfigError } from '../main/config.js';
import { CliUsageError, type CliCommand, type CliIo } from './command.js';

interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

// Loaded on use: a one-shot `perfit scan` starts in the time it would otherwise spend importing every other command.
const commands: CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the kiosk service headless (REST API, job queue, inference worker)',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  {
    name: 'scan',
    summary: 'scan one photo (or a burst of frames) and print the measurements (same queue and worker as the service)',
    load: async () => (await import('./commands/scan.js')).scanCommand,
  },
  { name: 'jobs', summary: 'list, inspect and retry scan jobs', load: async () => (await import('./commands/jobs.js')).jobsCommand },
  {
    name: 'body',
    summary: 'Build a body from betas: measurements, mesh.obj, mesh.glb, smplx_params.npz',
    load: async () => (await import('./commands/body.js')).bodyCommand,
  },
  {
    name: 'sync',
    summary: 'show the upload state to the central bucket, or upload now',
    load: async () => (await import('./commands/sync.js')).syncCommand,
  },
  {
    name: 'staff',
    summary: 'Set the staff PIN (read from standard input)',
    load: async () => (await import('./commands/staff.js')).staffCommand,
  },
  {
    name: 'sizes',
    summary: "a customer's best sizes in one or more size charts",
    load: async () => (await import('./commands/sizes.js')).sizesCommand,
  },
  {
    name: 'charts',
    summary: 'list size charts, import one from a JSON or CSV file',
    load: async () => (await import('./commands/charts.js')).chartsCommand,
  },
  {
    name: 'calibrate',
    summary: 'Calibrate the kiosk camera from a person of known height or a printed floor marker (or show the calibration)',
    load: async () => (await import('./commands/calibrate.js')).calibrateCommand,
  },
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
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr.write(`perfit: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError || isParseArgsError(error)) {
      io.stderr.write(`perfit ${entry.name}: ${(error as Error).message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`perfit: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    const code = (error as { code?: unknown }).code;
    io.stderr.write(`perfit ${entry.name}: ${(error as Error).message}${typeof code === 'string' ? ` [${code}]` : ''}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
