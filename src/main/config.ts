import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration object. Sources, later winning: defaults, the config file
 * (`perfit.config.json` in the data folder, or `PERFIT_CONFIG`), environment variables, then
 * overrides passed in code (CLI flags, tests). Names of the environment variables are part of
 * the contract in `api.md`.
 */

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const pipelineChoices = ['auto', 'embedded', 'hmr2'] as const;
export type PipelineChoice = (typeof pipelineChoices)[number];

const s3Schema = z
  .object({
    endpoint: z.url().optional(),
    region: z.string().min(1).default('us-east-1'),
    accessKey: z.string().optional(),
    secretKey: z.string().optional(),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('perfit-avatars'),
    /** How long presigned URLs handed to clients stay valid. */
    presignExpirySeconds: z.number().int().min(60).max(7 * 24 * 3600).default(3600),
  })
  .strict();

const queueSchema = z
  .object({
    /** Jobs waiting (pending) beyond which POST answers 429. */
    maxPending: z.number().int().min(1).default(100),
    /** Attempts before a job is failed for good (a poison job cannot block the queue). */
    maxAttempts: z.number().int().min(1).max(20).default(3),
    /** A lease not renewed within this time is considered abandoned (worker or process died). */
    leaseMs: z.number().int().min(1000).default(120_000),
    /** Value of Retry-After (seconds) when the queue is full. */
    retryAfterSeconds: z.number().int().min(1).default(10),
  })
  .strict();

const limitsSchema = z
  .object({
    /** Largest accepted JSON body; larger answers 413. Base64 inflates by 4/3. */
    maxBodyBytes: z.number().int().min(1024).default(40 * 1024 * 1024),
    minImageBytes: z.number().int().min(1).default(1024),
    maxImageBytes: z.number().int().min(1024).default(15 * 1024 * 1024),
    minImageSidePx: z.number().int().min(1).default(256),
    maxImageSidePx: z.number().int().min(256).default(8192),
    maxImagePixels: z.number().int().min(65_536).default(40_000_000),
    maxUserIdLength: z.number().int().min(1).max(1024).default(128),
  })
  .strict();

export const configSchema = z
  .object({
    dataDir: z.string().min(1),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8420),
    apiKey: z.string().min(16, 'must be at least 16 characters').optional(),
    pipeline: z.enum(pipelineChoices).default('auto'),
    modelsDir: z.string().min(1),
    logLevel: z.enum(logLevels).default('info'),
    /** Origins allowed by CORS; none by default (no CORS headers at all). */
    corsOrigins: z.array(z.url()).default([]),
    /** Require a face in the photo before a job exists (contract: 400 "No face detected in image"). */
    requireFace: z.boolean().default(true),
    s3: s3Schema.default(() => s3Schema.parse({})),
    queue: queueSchema.default(() => queueSchema.parse({})),
    limits: limitsSchema.default(() => limitsSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!isLoopbackHost(config.host) && !config.apiKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiKey'],
        message: `PERFIT_API_KEY is required when PERFIT_HOST (${config.host}) is not a loopback address`,
      });
    }
    if (config.s3.endpoint && (!config.s3.accessKey || !config.s3.secretKey)) {
      ctx.addIssue({
        code: 'custom',
        path: ['s3', 'accessKey'],
        message: 'PERFIT_S3_ACCESS_KEY and PERFIT_S3_SECRET_KEY are required when PERFIT_S3_ENDPOINT is set',
      });
    }
    if (config.limits.minImageBytes >= config.limits.maxImageBytes) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'minImageBytes'], message: 'must be below limits.maxImageBytes' });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Error raised when configuration is wrong; its message names the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'config_invalid';
}

/** Environment variable → path in the config object, and how to read its string. */
const envBindings: ReadonlyArray<{ env: string; path: string[]; kind: 'string' | 'int' | 'bool' | 'list' }> = [
  { env: 'PERFIT_DATA_DIR', path: ['dataDir'], kind: 'string' },
  { env: 'PERFIT_HOST', path: ['host'], kind: 'string' },
  { env: 'PERFIT_PORT', path: ['port'], kind: 'int' },
  { env: 'PERFIT_API_KEY', path: ['apiKey'], kind: 'string' },
  { env: 'PERFIT_PIPELINE', path: ['pipeline'], kind: 'string' },
  { env: 'PERFIT_MODELS_DIR', path: ['modelsDir'], kind: 'string' },
  { env: 'PERFIT_LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'PERFIT_CORS_ORIGINS', path: ['corsOrigins'], kind: 'list' },
  { env: 'PERFIT_S3_ENDPOINT', path: ['s3', 'endpoint'], kind: 'string' },
  { env: 'PERFIT_S3_REGION', path: ['s3', 'region'], kind: 'string' },
  { env: 'PERFIT_S3_ACCESS_KEY', path: ['s3', 'accessKey'], kind: 'string' },
  { env: 'PERFIT_S3_SECRET_KEY', path: ['s3', 'secretKey'], kind: 'string' },
  { env: 'PERFIT_S3_BUCKET', path: ['s3', 'bucket'], kind: 'string' },
  { env: 'PERFIT_QUEUE_MAX_PENDING', path: ['queue', 'maxPending'], kind: 'int' },
  { env: 'PERFIT_QUEUE_MAX_ATTEMPTS', path: ['queue', 'maxAttempts'], kind: 'int' },
  { env: 'PERFIT_REQUIRE_FACE', path: ['requireFace'], kind: 'bool' },
];

export function envNameFor(path: readonly PropertyKey[]): string | undefined {
  const joined = path.join('.');
  return envBindings.find((binding) => binding.path.join('.') === joined)?.env;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function readEnvValue(env: string, raw: string, kind: 'string' | 'int' | 'bool' | 'list'): Json {
  switch (kind) {
    case 'string':
      return raw;
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${env}="${raw}" is not an integer`);
      return Number(raw.trim());
    }
    case 'bool': {
      const value = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      throw new ConfigError(`${env}="${raw}" is not a boolean (use true or false)`);
    }
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
  }
}

function setPath(target: JsonObject, path: string[], value: Json): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[path[path.length - 1]!] = value;
}

function mergeDeep(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (isPlainObject(value) && isPlainObject(current)) out[key] = mergeDeep(current, value);
    else if (value !== undefined) out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssuePath(path: readonly PropertyKey[]): string {
  const dotted = path.map(String).join('.');
  const env = envNameFor(path);
  return env ? `${dotted} (${env})` : dotted;
}

export function defaultDataDir(): string {
  return join(homedir(), '.perfit');
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and environment (CLI flags, tests). */
  overrides?: ConfigInput | Partial<Record<string, unknown>>;
  /** Default for modelsDir when neither file nor environment names one. */
  defaultModelsDir?: string;
}

/** Reads, merges and validates the configuration; throws ConfigError naming the setting. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const fromEnv: JsonObject = {};
  for (const binding of envBindings) {
    const raw = env[binding.env];
    if (raw === undefined || raw === '') continue;
    setPath(fromEnv, binding.path, readEnvValue(binding.env, raw, binding.kind));
  }
  const overrides = (options.overrides ?? {}) as JsonObject;
  const dataDir = resolve(
    String(overrides['dataDir'] ?? fromEnv['dataDir'] ?? defaultDataDir()),
  );

  const explicitFile = env['PERFIT_CONFIG'];
  const configFile = explicitFile ? resolve(explicitFile) : join(dataDir, 'perfit.config.json');
  let fromFile: JsonObject = {};
  if (existsSync(configFile)) {
    fromFile = readConfigFile(configFile);
  } else if (explicitFile) {
    throw new ConfigError(`PERFIT_CONFIG names ${configFile}, which does not exist`);
  }

  const merged = mergeDeep(mergeDeep(mergeDeep({}, fromFile), fromEnv), overrides);
  merged['dataDir'] = dataDir;
  if (merged['modelsDir'] === undefined) merged['modelsDir'] = options.defaultModelsDir ?? join(dataDir, 'models');
  else merged['modelsDir'] = resolve(String(merged['modelsDir']));

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${describeIssuePath(issue.path)}: ${issue.message}`);
    const source = existsSync(configFile) ? ` (config file ${configFile} and environment)` : '';
    throw new ConfigError(`Invalid configuration${source}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function readConfigFile(path: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError(`Config file ${path} must hold a JSON object`);
  return parsed;
}

/** A copy safe to log or show: secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    apiKey: config.apiKey ? '[set]' : undefined,
    s3: { ...config.s3, accessKey: config.s3.accessKey ? '[set]' : undefined, secretKey: config.s3.secretKey ? '[set]' : undefined },
  };
}
