/** One `perfit` sub-command. Commands return an exit code; they never call process.exit. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where a command reads secrets from (`perfit staff set-pin`); absent when nothing is piped in. */
  stdin?: NodeJS.ReadableStream;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A usage error: the CLI prints the message and the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
