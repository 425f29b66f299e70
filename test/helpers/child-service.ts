import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildService {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Ends the process with SIGTERM and waits for it. */
  stop(): Promise<number | null>;
}

/** Starts a TypeScript entry point (`perfit serve` or a test fixture) as a child process and waits for its URL. */
export function startChildService(entry: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ChildService> {
  return startServiceProcess(['--import', 'tsx', entry, ...args], env, timeoutMs);
}

/**
 * Starts `node <nodeArgs>` in the repository (the built `bin/perfit.mjs serve`, or an entry under
 * tsx) and waits for the `serving <url> ` line a service prints once it listens.
 */
export async function startServiceProcess(nodeArgs: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ChildService> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repoRoot,
    env: { ...process.env, PERFIT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (): void => {
      const match = /serving (http:\/\/\S+)\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export function killHard(service: ChildService): Promise<void> {
  return new Promise((resolve) => {
    service.child.once('exit', () => resolve());
    service.child.kill('SIGKILL');
  });
}
