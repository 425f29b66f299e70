import type * as ort from 'onnxruntime-node';
import { ModelFilesError } from './errors.js';
import type { TensorSpec } from './manifest.js';

/**
 * ONNX Runtime sessions with the execution provider chosen at run time: CUDA, then DirectML
 * (Windows only), then the CPU. Each provider is tried on its own: onnxruntime-node throws when
 * asked for ['cuda', 'cpu'] and the CUDA libraries are missing instead of falling back, so a list
 * handed to it is no fallback at all. Every failed attempt is kept, so the caller can say why the
 * kiosk runs on the CPU (conventions: no silent fallbacks).
 */

export const executionProviderNames = ['cuda', 'dml', 'cpu'] as const;
export type ExecutionProviderName = (typeof executionProviderNames)[number];

/** The order to try on this platform: DirectML exists only on Windows. */
export function defaultExecutionProviders(platform: NodeJS.Platform = process.platform): ExecutionProviderName[] {
  return platform === 'win32' ? ['cuda', 'dml', 'cpu'] : ['cuda', 'cpu'];
}

export interface ProviderAttempt {
  provider: ExecutionProviderName;
  reason: string;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ExecutionProviderName;
  /** Providers tried before `provider`, with why each failed (empty when the first one worked). */
  failedAttempts: ProviderAttempt[];
}

export type SessionFactory = (path: string, options: ort.InferenceSession.SessionOptions) => Promise<ort.InferenceSession>;

export interface OpenSessionOptions {
  /** Providers in order of preference (default: defaultExecutionProviders()). */
  providers?: readonly ExecutionProviderName[];
  platform?: NodeJS.Platform;
  /** What the model is, for messages ("model \"vitdet\""). */
  label: string;
  create?: SessionFactory;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

// Imported when the first session is made: a kiosk without the optional models never loads the native runtime.
const defaultFactory: SessionFactory = async (path, options) => (await import('onnxruntime-node')).InferenceSession.create(path, options);

function providerOption(provider: ExecutionProviderName): ort.InferenceSession.ExecutionProviderConfig {
  // Device 0: the kiosk has at most one GPU; one inference runs at a time on it.
  if (provider === 'cuda') return { name: 'cuda', deviceId: 0 };
  if (provider === 'dml') return { name: 'dml', deviceId: 0 };
  return 'cpu';
}

/** Creates a session on the first provider that works; ModelFilesError `model_load_failed` lists every attempt. */
export async function openSession(modelPath: string, options: OpenSessionOptions): Promise<OpenedSession> {
  const platform = options.platform ?? process.platform;
  const create = options.create ?? defaultFactory;
  const failedAttempts: ProviderAttempt[] = [];
  for (const provider of options.providers ?? defaultExecutionProviders(platform)) {
    if (provider === 'dml' && platform !== 'win32') {
      failedAttempts.push({ provider, reason: 'DirectML exists only on Windows' });
      continue;
    }
    try {
      const session = await create(modelPath, {
        executionProviders: [providerOption(provider)],
        graphOptimizationLevel: 'all',
        // Errors only: ONNX Runtime's warnings about CPU fallbacks of single nodes would flood the log.
        logSeverityLevel: 3,
      });
      if (failedAttempts.length > 0) {
        options.log?.(
          'warn',
          `${options.label}: running on ${provider}; ${failedAttempts.map((a) => `${a.provider} unavailable (${a.reason})`).join('; ')}`,
        );
      } else {
        options.log?.('info', `${options.label}: running on ${provider}`);
      }
      return { session, provider, failedAttempts };
    } catch (error) {
      failedAttempts.push({ provider, reason: firstLine((error as Error).message) });
    }
  }
  throw new ModelFilesError(
    'model_load_failed',
    `${options.label}: ${modelPath} could not be loaded by any execution provider ` +
      `(${failedAttempts.map((a) => `${a.provider}: ${a.reason}`).join('; ')})`,
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** A shape as ONNX Runtime reports it: numbers, or names (or -1) for dimensions fixed only at run time. */
function isSymbolic(dimension: number | string): boolean {
  return typeof dimension === 'string' || dimension < 0;
}

function showShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Differences between what the manifest says a session takes and returns and what it does: names,
 * element types, ranks and every dimension (a symbolic dimension in the manifest must be symbolic
 * in the model; a number must be that number). Empty when they agree.
 */
export function signatureDifferences(
  session: Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  expected: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] },
): string[] {
  const differences: string[] = [];
  const compare = (
    kind: 'input' | 'output',
    actual: readonly ort.InferenceSession.ValueMetadata[],
    wanted: readonly TensorSpec[],
  ): void => {
    const byName = new Map(actual.map((value) => [value.name, value]));
    const wantedNames = new Set(wanted.map((spec) => spec.name));
    for (const spec of wanted) {
      const value = byName.get(spec.name);
      if (!value) {
        differences.push(`${kind} "${spec.name}" is missing (the model's ${kind}s: ${actual.map((v) => v.name).join(', ') || 'none'})`);
        continue;
      }
      if (!value.isTensor) {
        differences.push(`${kind} "${spec.name}" is not a tensor`);
        continue;
      }
      if (value.type !== spec.type) differences.push(`${kind} "${spec.name}" has type ${value.type}, the manifest says ${spec.type}`);
      const shape = value.shape;
      const sameShape =
        shape.length === spec.shape.length &&
        spec.shape.every((dimension, index) => (typeof dimension === 'string' ? isSymbolic(shape[index]!) : shape[index] === dimension));
      if (!sameShape) differences.push(`${kind} "${spec.name}" has shape ${showShape(shape)}, the manifest says ${showShape(spec.shape)}`);
    }
    for (const value of actual) {
      if (!wantedNames.has(value.name)) differences.push(`the model has an ${kind} "${value.name}" the manifest does not list`);
    }
  };
  compare('input', session.inputMetadata, expected.inputs);
  compare('output', session.outputMetadata, expected.outputs);
  return differences;
}

/** Throws ModelFilesError `model_signature_mismatch` naming every difference. */
export function checkSignature(
  session: Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  expected: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] },
  label: string,
): void {
  const differences = signatureDifferences(session, expected);
  if (differences.length > 0) {
    throw new ModelFilesError('model_signature_mismatch', `${label} does not match models/manifest.json: ${differences.join('; ')}`);
  }
}
