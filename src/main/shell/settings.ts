import { z } from 'zod';
import { ConfigError, isLoopbackHost } from '../config.js';

/**
 * Settings only the Electron shell reads: kiosk mode and the update feed. They come from the
 * environment (the installer or the kiosk's service account sets them) and are meant to join
 * `config.ts` (keys `kiosk` and `update`) so the config file can hold them too.
 */

const booleanFromEnv = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(value), 'must be true or false')
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const updateFeedUrl = z
  .url({ protocol: /^https?$/ })
  .refine((raw) => {
    const url = new URL(raw);
    return url.protocol === 'https:' || isLoopbackHost(url.hostname);
  }, 'must be an https URL (http only for a loopback test server): the feed vouches for the installer')
  .refine((raw) => {
    const url = new URL(raw);
    return url.username === '' && url.password === '';
  }, 'must not contain credentials');

const envSchema = z.object({
  PERFIT_KIOSK_MODE: booleanFromEnv.optional(),
  PERFIT_UPDATE_URL: updateFeedUrl.optional(),
  PERFIT_UPDATE_CHANNEL: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a channel name such as latest, beta or alpha')
    .optional(),
  PERFIT_UPDATE_CHECK_INTERVAL_HOURS: z.coerce.number().min(1).max(24 * 7).optional(),
});

export interface UpdateSettings {
  /** Generic-server feed: a web server, or an S3/MinIO bucket URL (path-style), holding latest.yml. */
  feedUrl: string | null;
  channel: string;
  checkIntervalMs: number;
}

export interface ShellSettings {
  kioskMode: boolean;
  update: UpdateSettings;
}

const hourMs = 3_600_000;

/** Reads and validates the shell's settings; throws ConfigError naming the variable. */
export function loadShellSettings(env: NodeJS.ProcessEnv = process.env): ShellSettings {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid kiosk settings:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  return {
    kioskMode: values.PERFIT_KIOSK_MODE ?? true,
    update: {
      feedUrl: values.PERFIT_UPDATE_URL ?? null,
      channel: values.PERFIT_UPDATE_CHANNEL ?? 'latest',
      checkIntervalMs: (values.PERFIT_UPDATE_CHECK_INTERVAL_HOURS ?? 24) * hourMs,
    },
  };
}
