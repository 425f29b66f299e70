/** One `perfit` sub-command. Commands return an exit code; they never call process.exit. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where a command reads secrets from (`perfit staff set-pin`); absent when nothing is piped in. */
  stdin?: NodeJS.ReadableStream;
}

/** A command's module; its name and summary are listed in main.ts, which loads the module only when the command runs. */
export interface CliCommand {
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A usage error: the CLI prints the message and the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Refuses positional arguments left over after the ones a command reads. */
export function refuseExtraArguments(rest: readonly string[]): void {
  if (rest.length > 0) throw new CliUsageError(`Unexpected arguments: ${rest.join(' ')}`);
}
