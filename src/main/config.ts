import envPaths from 'env-paths';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { describeZodIssues } from './zod-issues.js';
import { codedErrorClass } from './errors.js';

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
    presignExpirySeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(3600),
    /** Lab only: an http:// endpoint on another machine, so credentials and photos cross the network in clear. */
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict();

// --- sync and privacy: offline-first storage and sync ---
const syncSchema = z
  .object({
    /** How often an idle sync loop looks for new work (avatars stored, `perfit sync now`). */
    intervalMs: z.number().int().min(10).default(5000),
    /** Objects uploaded at the same time. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /** Outbox rows leased per round trip to SQLite. */
    batchSize: z.number().int().min(1).max(500).default(32),
    /** Failures of one object (integrity, local file) before it is marked failed; endpoint outages do not count. */
    maxAttempts: z.number().int().min(1).max(100).default(8),
    /** Exponential backoff with full jitter: a delay drawn from [0, min(max, base × 2^n)]. */
    backoffBaseMs: z.number().int().min(1).default(1000),
    backoffMaxMs: z.number().int().min(1).default(60_000),
    /** A leased outbox row not finished within this time is taken back (the process died). */
    leaseMs: z.number().int().min(1000).default(600_000),
    /** One S3 request taking longer than this counts as the endpoint being unreachable. */
    requestTimeoutMs: z.number().int().min(100).default(30_000),
    /** GET /api/v1/avatar/{user_id} without a local avatar reads the customer's latest avatar.json from the bucket. */
    remoteLookup: z.boolean().default(false),
  })
  .strict();

const privacySchema = z
  .object({
    /** Days after which source photos are deleted, here and in the bucket (avatars are kept); null keeps them. */
    sourceRetentionDays: z.number().int().min(1).max(36_500).nullable().default(30),
    /**
     * Days after which avatars (measurements, meshes, every file) and their jobs are erased, here and
     * in the bucket; null (the default) keeps them until the customer is erased.
     */
    avatarRetentionDays: z.number().int().min(1).max(36_500).nullable().default(null),
    /** How often the retention sweep runs. */
    retentionSweepIntervalMs: z.number().int().min(1000).default(3_600_000),
    /**
     * Multi-frame capture: keep a burst's extra frames with the job's uploads after the scan ends
     * (for the photo retention period, like the upload folder). Off: only the first frame of each
     * view, the one shown to the customer, is kept; the extra frames are deleted when the job ends.
     */
    keepAllFrames: z.boolean().default(false),
  })
  .strict();
// --- end sync and privacy ---

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
    /** A scan running longer than this is stuck: its worker is terminated and the job retried or failed (`scan_timeout`). */
    scanTimeoutMs: z.number().int().min(1000).default(180_000),
    /** The inference worker must load its pipeline within this time (large ONNX models on a CPU take a while). */
    workerStartTimeoutMs: z.number().int().min(1000).default(300_000),
    /**
     * The inference worker and the Human checks worker each hold about 140 MB with their networks
     * loaded: one left without work this long is stopped and loads again on the next scan or check
     * (about 1 s). Stopping gives back its JavaScript memory; the C allocator keeps much of the
     * networks' native memory for the next load. 0 keeps them loaded.
     */
    workerIdleReleaseMs: z.number().int().min(0).default(120_000),
  })
  .strict();

const limitsSchema = z
  .object({
    /** Largest accepted JSON body; larger answers 413. Base64 inflates by 4/3. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .default(40 * 1024 * 1024),
    /** Largest body of POST /api/v1/capture/check: one downscaled live frame, sent several times a second. */
    maxCaptureCheckBodyBytes: z
      .number()
      .int()
      .min(1024)
      .default(2 * 1024 * 1024),
    /** A request whose headers are not all in after this long answers 408 and loses its socket. */
    headersTimeoutMs: z.number().int().min(100).default(20_000),
    /**
     * Connections open at once; more are closed as they arrive. The kiosk UI and a POS hold a few;
     * the bound keeps a local program from spending the process's file descriptors (SQLite, photos).
     */
    maxConnections: z.number().int().min(8).default(512),
    /** A request not fully received after this long (a 40 MiB body on a slow link included) answers 408. */
    requestTimeoutMs: z.number().int().min(100).default(120_000),
    minImageBytes: z.number().int().min(1).default(1024),
    maxImageBytes: z
      .number()
      .int()
      .min(1024)
      .default(15 * 1024 * 1024),
    minImageSidePx: z.number().int().min(1).default(256),
    maxImageSidePx: z.number().int().min(256).default(8192),
    maxImagePixels: z.number().int().min(65_536).default(40_000_000),
    maxUserIdLength: z.number().int().min(1).max(1024).default(128),
    /** Multi-frame capture: extra frames per view (`images`, `side_images`) beyond the first; more answer 400 `too_many_frames`. */
    maxExtraFramesPerView: z.number().int().min(0).max(32).default(8),
    /** Free disk space kept in reserve: below it new scans answer 507 `disk_full` and health says degraded. */
    minFreeDiskBytes: z
      .number()
      .int()
      .min(0)
      .default(512 * 1024 * 1024),
  })
  .strict();

/** A token bucket per client: `burst` requests at once, refilled at `ratePerMinute`; null turns the limit off. */
function rateLimitSchema(defaults: { ratePerMinute: number; burst: number }) {
  return z
    .object({
      ratePerMinute: z.number().int().min(1).max(600_000).nullable().default(defaults.ratePerMinute),
      burst: z.number().int().min(1).max(10_000).default(defaults.burst),
    })
    .strict();
}

/**
 * Requests per client (the API key, or the remote address without one) on the routes that do heavy
 * work; more answer 429 `rate_limited` with Retry-After. The defaults sit well above what the kiosk's
 * own UI sends (one scan per customer; live guidance one frame at a time with a 400 ms pause, under
 * 150 a minute), which shares the loopback address with every other local program.
 */
const createAvatarRateLimitSchema = rateLimitSchema({ ratePerMinute: 30, burst: 10 });
const captureCheckRateLimitSchema = rateLimitSchema({ ratePerMinute: 600, burst: 30 });
/** Not per client: the lookups of another store's customer that reach the bucket, for all clients together. */
const remoteLookupRateLimitSchema = rateLimitSchema({ ratePerMinute: 120, burst: 30 });
const rateLimitsSchema = z
  .object({
    createAvatar: createAvatarRateLimitSchema.default(() => createAvatarRateLimitSchema.parse({})),
    captureCheck: captureCheckRateLimitSchema.default(() => captureCheckRateLimitSchema.parse({})),
    remoteLookup: remoteLookupRateLimitSchema.default(() => remoteLookupRateLimitSchema.parse({})),
  })
  .strict();

/** The kiosk window (Electron shell only; `perfit serve` has no window). */
const kioskSchema = z
  .object({
    /** Full screen without window controls; off for a desk or a test machine. */
    fullScreen: z.boolean().default(true),
  })
  .strict();

/** The auto-updater's feed (Electron shell only). */
const updateSchema = z
  .object({
    /** Generic-server feed: a web server, or an S3/MinIO bucket URL (path-style), holding latest.yml. Unset: no updates. */
    feedUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((raw) => {
        const url = new URL(raw);
        return url.protocol === 'https:' || isLoopbackHost(url.hostname);
      }, 'must be an https URL (http only for a loopback test server): the feed vouches for the installer')
      .refine((raw) => {
        const url = new URL(raw);
        return url.username === '' && url.password === '';
      }, 'must not contain credentials')
      .optional(),
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a channel name such as latest, beta or alpha')
      .default('latest'),
    checkIntervalHours: z
      .number()
      .min(1)
      .max(24 * 7)
      .default(24),
  })
  .strict();

export const configSchema = z
  .object({
    dataDir: z.string().min(1),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8420),
    apiKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Optional scoped keys beside `apiKey`: `pos` creates scans and reads results; `staff` reads
     * history, erases and runs staff actions.
     */
    posApiKey: z.string().min(16, 'must be at least 16 characters').optional(),
    staffApiKey: z.string().min(16, 'must be at least 16 characters').optional(),
    pipeline: z.enum(pipelineChoices).default('auto'),
    modelsDir: z.string().min(1),
    /**
     * Files derived from the models that a later start reuses (Human's networks converted for
     * onnxruntime): the user's cache folder by default, so that every data folder shares them.
     */
    cacheDir: z
      .string()
      .min(1)
      .default(() => defaultCacheDir()),
    logLevel: z.enum(logLevels).default('info'),
    /** Origins allowed by CORS; none by default (no CORS headers at all). */
    corsOrigins: z.array(z.url()).default([]),
    /** Require a face in the photo before a job exists (contract: 400 "No face detected in image"). */
    requireFace: z.boolean().default(true),
    s3: s3Schema.default(() => s3Schema.parse({})),
    queue: queueSchema.default(() => queueSchema.parse({})),
    limits: limitsSchema.default(() => limitsSchema.parse({})),
    rateLimits: rateLimitsSchema.default(() => rateLimitsSchema.parse({})),
    sync: syncSchema.default(() => syncSchema.parse({})),
    privacy: privacySchema.default(() => privacySchema.parse({})),
    kiosk: kioskSchema.default(() => kioskSchema.parse({})),
    update: updateSchema.default(() => updateSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const keys = [config.apiKey, config.posApiKey, config.staffApiKey].filter((key) => key !== undefined);
    if (new Set(keys).size < keys.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['posApiKey'],
        message: 'apiKey, posApiKey and staffApiKey must all differ (a key has one scope)',
      });
    }
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
    if (config.s3.endpoint && !config.s3.allowInsecureHttp) {
      const endpoint = new URL(config.s3.endpoint);
      if (endpoint.protocol !== 'https:' && !isLoopbackHost(endpoint.hostname)) {
        ctx.addIssue({
          code: 'custom',
          path: ['s3', 'endpoint'],
          message:
            `PERFIT_S3_ENDPOINT must be https:// unless the S3 server is on this machine (got ` +
            `${endpoint.protocol}//${endpoint.host}); PERFIT_S3_ALLOW_HTTP=true accepts it in a lab`,
        });
      }
    }
    if (config.sync.backoffBaseMs > config.sync.backoffMaxMs) {
      ctx.addIssue({ code: 'custom', path: ['sync', 'backoffBaseMs'], message: 'must not exceed sync.backoffMaxMs' });
    }
    if (config.limits.headersTimeoutMs > config.limits.requestTimeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'headersTimeoutMs'], message: 'must not exceed limits.requestTimeoutMs' });
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
export class ConfigError extends codedErrorClass('ConfigError', 'config_invalid') {}

/** Environment variable → path in the config object, and how to read its string. */
type EnvKind = 'string' | 'int' | 'bool' | 'list' | 'int_or_off';

const envBindings: ReadonlyArray<{ env: string; path: string[]; kind: EnvKind }> = [
  { env: 'PERFIT_DATA_DIR', path: ['dataDir'], kind: 'string' },
  { env: 'PERFIT_HOST', path: ['host'], kind: 'string' },
  { env: 'PERFIT_PORT', path: ['port'], kind: 'int' },
  { env: 'PERFIT_API_KEY', path: ['apiKey'], kind: 'string' },
  { env: 'PERFIT_POS_API_KEY', path: ['posApiKey'], kind: 'string' },
  { env: 'PERFIT_STAFF_API_KEY', path: ['staffApiKey'], kind: 'string' },
  { env: 'PERFIT_PIPELINE', path: ['pipeline'], kind: 'string' },
  { env: 'PERFIT_MODELS_DIR', path: ['modelsDir'], kind: 'string' },
  { env: 'PERFIT_CACHE_DIR', path: ['cacheDir'], kind: 'string' },
  { env: 'PERFIT_LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'PERFIT_CORS_ORIGINS', path: ['corsOrigins'], kind: 'list' },
  { env: 'PERFIT_S3_ENDPOINT', path: ['s3', 'endpoint'], kind: 'string' },
  { env: 'PERFIT_S3_REGION', path: ['s3', 'region'], kind: 'string' },
  { env: 'PERFIT_S3_ACCESS_KEY', path: ['s3', 'accessKey'], kind: 'string' },
  { env: 'PERFIT_S3_SECRET_KEY', path: ['s3', 'secretKey'], kind: 'string' },
  { env: 'PERFIT_S3_BUCKET', path: ['s3', 'bucket'], kind: 'string' },
  { env: 'PERFIT_S3_ALLOW_HTTP', path: ['s3', 'allowInsecureHttp'], kind: 'bool' },
  { env: 'PERFIT_QUEUE_MAX_PENDING', path: ['queue', 'maxPending'], kind: 'int' },
  { env: 'PERFIT_QUEUE_MAX_ATTEMPTS', path: ['queue', 'maxAttempts'], kind: 'int' },
  { env: 'PERFIT_MIN_FREE_DISK_BYTES', path: ['limits', 'minFreeDiskBytes'], kind: 'int' },
  { env: 'PERFIT_RATE_LIMIT_AVATAR_PER_MINUTE', path: ['rateLimits', 'createAvatar', 'ratePerMinute'], kind: 'int_or_off' },
  { env: 'PERFIT_RATE_LIMIT_CAPTURE_CHECK_PER_MINUTE', path: ['rateLimits', 'captureCheck', 'ratePerMinute'], kind: 'int_or_off' },
  { env: 'PERFIT_RATE_LIMIT_REMOTE_LOOKUP_PER_MINUTE', path: ['rateLimits', 'remoteLookup', 'ratePerMinute'], kind: 'int_or_off' },
  { env: 'PERFIT_SCAN_TIMEOUT_MS', path: ['queue', 'scanTimeoutMs'], kind: 'int' },
  { env: 'PERFIT_WORKER_START_TIMEOUT_MS', path: ['queue', 'workerStartTimeoutMs'], kind: 'int' },
  { env: 'PERFIT_WORKER_IDLE_RELEASE_MS', path: ['queue', 'workerIdleReleaseMs'], kind: 'int' },
  { env: 'PERFIT_REQUIRE_FACE', path: ['requireFace'], kind: 'bool' },
  { env: 'PERFIT_S3_PRESIGN_EXPIRY_SECONDS', path: ['s3', 'presignExpirySeconds'], kind: 'int' },
  { env: 'PERFIT_SYNC_INTERVAL_MS', path: ['sync', 'intervalMs'], kind: 'int' },
  { env: 'PERFIT_SYNC_CONCURRENCY', path: ['sync', 'concurrency'], kind: 'int' },
  { env: 'PERFIT_SYNC_MAX_ATTEMPTS', path: ['sync', 'maxAttempts'], kind: 'int' },
  { env: 'PERFIT_SYNC_BACKOFF_BASE_MS', path: ['sync', 'backoffBaseMs'], kind: 'int' },
  { env: 'PERFIT_SYNC_BACKOFF_MAX_MS', path: ['sync', 'backoffMaxMs'], kind: 'int' },
  { env: 'PERFIT_SYNC_REQUEST_TIMEOUT_MS', path: ['sync', 'requestTimeoutMs'], kind: 'int' },
  { env: 'PERFIT_REMOTE_LOOKUP', path: ['sync', 'remoteLookup'], kind: 'bool' },
  { env: 'PERFIT_SOURCE_RETENTION_DAYS', path: ['privacy', 'sourceRetentionDays'], kind: 'int_or_off' },
  { env: 'PERFIT_AVATAR_RETENTION_DAYS', path: ['privacy', 'avatarRetentionDays'], kind: 'int_or_off' },
  { env: 'PERFIT_KEEP_ALL_FRAMES', path: ['privacy', 'keepAllFrames'], kind: 'bool' },
  { env: 'PERFIT_KIOSK_MODE', path: ['kiosk', 'fullScreen'], kind: 'bool' },
  { env: 'PERFIT_UPDATE_URL', path: ['update', 'feedUrl'], kind: 'string' },
  { env: 'PERFIT_UPDATE_CHANNEL', path: ['update', 'channel'], kind: 'string' },
  { env: 'PERFIT_UPDATE_CHECK_INTERVAL_HOURS', path: ['update', 'checkIntervalHours'], kind: 'int' },
];

export function envNameFor(path: readonly PropertyKey[]): string | undefined {
  const joined = path.join('.');
  return envBindings.find((binding) => binding.path.join('.') === joined)?.env;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function readEnvValue(env: string, raw: string, kind: EnvKind): Json {
  switch (kind) {
    case 'int_or_off':
      // `off` (or `never`) turns the setting off: null in the config object.
      if (['off', 'never'].includes(raw.trim().toLowerCase())) return null;
      return readEnvValue(env, raw, 'int');
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

/** The user's cache folder as each OS names it (env-paths): ~/.cache/perfit, %LOCALAPPDATA%\perfit\Cache, ~/Library/Caches/perfit. */
export function defaultCacheDir(): string {
  return envPaths('perfit', { suffix: '' }).cache;
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
  const dataDir = resolve(String(overrides['dataDir'] ?? fromEnv['dataDir'] ?? defaultDataDir()));

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
  merged['cacheDir'] = resolve(String(merged['cacheDir'] ?? defaultCacheDir()));

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = describeZodIssues(parsed.error.issues, { max: 50, pathLabel: describeIssuePath, separator: '\n  ' });
    const source = existsSync(configFile) ? ` (config file ${configFile} and environment)` : '';
    throw new ConfigError(`Invalid configuration${source}:\n  ${lines}`);
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
    posApiKey: config.posApiKey ? '[set]' : undefined,
    staffApiKey: config.staffApiKey ? '[set]' : undefined,
    s3: { ...config.s3, accessKey: config.s3.accessKey ? '[set]' : undefined, secretKey: config.s3.secretKey ? '[set]' : undefined },
  };
}
