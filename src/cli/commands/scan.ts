import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { presentAvatar } from '../../main/api/avatar/presenters.js';
import type { ArtifactUrlResolver } from '../../main/api/artifacts/urls.js';
import { loadConfig } from '../../main/config.js';
import type { ImageLimits, ValidatedImage } from '../../main/images/validate-image.js';
import { startInferenceWorkerAhead } from '../../main/inference/inference-worker.js';
import { startOnnxRuntime } from '../../main/inference/onnx/runtime-start.js';
import { genders, type Job } from '../../main/jobs/types.js';
import { clothingClasses, maxShoeSoleCm, shoeKinds, shoesInput } from '../../main/scans/capture-conditions.js';
import { statureOutOfRange } from '../../main/scans/supported-stature.js';
import type { Service, ServiceOptions } from '../../main/service.js';
import { describeZodIssues } from '../../main/zod-issues.js';
import { progressLine } from '../progress.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { configFlagOptions, configFlagsUsage, configOverridesFrom } from '../config-flags.js';
import { inferenceFaceCheck } from '../inference-face-check.js';
import { projectModelsDir } from '../project-paths.js';
import { formatTable } from '../table.js';

const usage = `perfit scan PHOTO --consent [--side PHOTO] [--frame PHOTO]... [--side-frame PHOTO]...
       [--height-cm N] [--gender male|female|neutral] [--user-id ID]
       [--clothing tight|regular|loose|dress] [--shoes none|flat|heels|SOLE_CM] [--out DIR] [--json]
--consent records that the customer agreed to the scan and to storing it; without it nothing runs.
--frame and --side-frame (repeat them) add more frames of the same moment to PHOTO and --side, as
the kiosk's burst does: each figure is then the median over the frames, outliers dropped, and its
SD includes their spread. PHOTO alone is face-checked and kept as the source photo.
Without --clothing the class is judged from PHOTO: tight for bare skin on the trunk and thighs,
otherwise regular (the girths' SD then includes how far the other classes would move them); give
tight, loose or dress when the customer wears them.
Runs one scan through the same queue and inference worker as the service, shows progress on
stderr, prints the measurements (a table, or the avatar object with --json) and copies the
artifacts to --out.
${configFlagsUsage}`;

const flagsSchema = z.object({
  gender: z.enum(genders, { message: `--gender must be one of ${genders.join(', ')}` }),
  heightCm: z
    .number({ message: '--height-cm must be a number' })
    .min(50, '--height-cm must be between 50 and 250')
    .max(250, '--height-cm must be between 50 and 250')
    .nullable(),
  clothing: z.enum(clothingClasses, { message: `--clothing must be one of ${clothingClasses.join(', ')}` }).nullable(),
  shoes: z
    .union([z.enum(shoeKinds), z.coerce.number().min(0).max(maxShoeSoleCm)], {
      message: `--shoes must be one of ${shoeKinds.join(', ')}, or the sole height in cm (0 to ${maxShoeSoleCm})`,
    })
    .nullable(),
  userId: z.string().trim().min(1, '--user-id must not be empty').max(128, '--user-id is longer than 128 characters'),
});

/** `serviceOptions` lets tests run the same command with their test pipeline. */
export async function runScan(argv: string[], io: CliIo, serviceOptions: ServiceOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...configFlagOptions,
      side: { type: 'string' },
      frame: { type: 'string', multiple: true, default: [] },
      'side-frame': { type: 'string', multiple: true, default: [] },
      'height-cm': { type: 'string' },
      gender: { type: 'string', default: 'neutral' },
      'user-id': { type: 'string', default: 'cli' },
      clothing: { type: 'string' },
      shoes: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      consent: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new CliUsageError('Give exactly one PHOTO');
  if (!values.consent) {
    const { ConsentRequiredError } = await import('../../main/scans/submit-scan.js');
    throw new CliUsageError(`${new ConsentRequiredError().message.replace('send consent: true', 'pass --consent')} [consent_required]`);
  }
  const parsedFlags = flagsSchema.safeParse({
    gender: values.gender,
    heightCm: values['height-cm'] === undefined ? null : Number(values['height-cm']),
    userId: values['user-id'],
    clothing: values.clothing ?? null,
    shoes: values.shoes ?? null,
  });
  if (!parsedFlags.success) throw new CliUsageError(describeZodIssues(parsedFlags.error.issues, { pathLabel: () => '' }));
  const flags = parsedFlags.data;
  const statureRefusal = flags.heightCm === null ? null : statureOutOfRange(flags.heightCm);
  if (statureRefusal !== null) throw new CliUsageError(`${statureRefusal} [height_out_of_range]`);

  if (values['side-frame'].length > 0 && !values.side) throw new CliUsageError('--side-frame needs --side (the first side frame)');

  const config = loadConfig({ env: io.env, overrides: configOverridesFrom(values), defaultModelsDir: projectModelsDir() });
  const limit = config.limits.maxExtraFramesPerView;
  for (const flag of ['frame', 'side-frame'] as const) {
    const count = values[flag].length;
    if (count > limit) throw new CliUsageError(`--${flag} given ${count} times; at most ${limit} extra frames per view [too_many_frames]`);
  }

  // The inference worker loads its pipeline (most of a one-off scan's start) while this thread
  // imports the service and checks the photos; the service takes it over, since it asks for one
  // with the same choice. It also answers the face check (the scan is queued only once the photo
  // passed it), with the Human its pipeline loads: no Human checks worker loads a second one beside
  // it. No warm-up pass: the one photo pays the networks' first-run set-up either way.
  const workerChoice = { captureChecks: false, warmUpInference: false };
  const inferenceWorker = startInferenceWorkerAhead(config, { ...serviceOptions, ...workerChoice });
  // This thread then imports the service and waits: it makes onnxruntime's environment meanwhile,
  // which the worker's first network would otherwise make (a test's own pipeline uses no runtime).
  const runtimeStarted = serviceOptions.pipelineModuleUrl ? Promise.resolve() : startOnnxRuntime().catch(() => undefined);
  const faceCheck = inferenceFaceCheck();
  try {
    const image = await readPhoto(positionals[0]!, 'PHOTO', config.limits);
    const side = values.side ? await readPhoto(values.side, '--side', config.limits) : null;
    const frames = await readPhotos(values.frame, '--frame', config.limits);
    const sideFrames = await readPhotos(values['side-frame'], '--side-frame', config.limits);

    const [{ createLogger }, { createService }, { acceptScan }] = await Promise.all([
      import('../../main/logging.js'),
      import('../../main/service.js'),
      import('../../main/scans/accept-scan.js'),
    ]);
    // Logs go to a file so stdout carries only the result.
    const log = createLogger({ level: config.logLevel, filePath: join(config.dataDir, 'logs', 'perfit-cli.log') });
    const service = await createService(config, {
      log,
      http: false,
      ...serviceOptions,
      ...workerChoice,
      inferenceWorkerFactory: inferenceWorker.factory,
      faceDetector: serviceOptions.faceDetector ?? faceCheck.faceDetector,
      captureChecker: serviceOptions.captureChecker ?? faceCheck.captureChecker,
    });
    faceCheck.attach(service.inference);
    try {
      const { job } = await acceptScan(
        {
          queue: service.queue,
          uploads: service.uploads,
          queueLimits: config.queue,
          faceDetector: config.requireFace ? service.faceDetector : null,
          log,
        },
        {
          userId: flags.userId,
          gender: flags.gender,
          heightCm: flags.heightCm,
          consent: values.consent,
          clothing: flags.clothing,
          shoes: shoesInput(flags.shoes),
          requestId: null,
          // Read before the service started: a bad file is a usage error, not a failed scan.
          photos: () => Promise.resolve({ image, side, frames, sideFrames }),
        },
      );
      service.inference.wake();
      const done = await followJob(service, job, io);
      if (done.status === 'failed') {
        io.stderr.write(`perfit scan: the scan failed: ${done.errorMessage ?? 'no reason recorded'} [${done.errorCode ?? 'unknown'}]\n`);
        return 1;
      }
      return await printResult(service, done, values.out, values.json, io);
    } finally {
      await service.stop();
    }
  } finally {
    // The worker is the service's once it started; before that (a photo refused, the data folder locked) it is stopped here.
    await inferenceWorker.release();
    await runtimeStarted;
  }
}

async function readPhoto(path: string, what: string, limits: ImageLimits): Promise<ValidatedImage> {
  const { validateImageBytes } = await import('../../main/images/validate-image.js');
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliUsageError(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return validateImageBytes(bytes, limits, { field: what });
}

/** A burst's extra frames, in the order given; each is checked like PHOTO. */
async function readPhotos(paths: readonly string[], what: string, limits: ImageLimits): Promise<ValidatedImage[]> {
  const photos: ValidatedImage[] = [];
  for (const path of paths) photos.push(await readPhoto(path, what, limits));
  return photos;
}

/** A read of one row: polling often costs nothing, and the result is printed sooner after the scan ends. */
const jobPollMs = 20;

/** Polls the job and shows its progress on stderr until it ends. */
async function followJob(service: Service, job: Job, io: CliIo): Promise<Job> {
  const progress = progressLine(io.stderr, 'perfit scan');
  try {
    for (;;) {
      const current = service.queue.get(job.id);
      if (!current) throw new Error(`Job ${job.id} disappeared from the queue`);
      const stage = current.progressStage ? ` ${current.progressStage}` : '';
      progress.update(
        `${current.status}${stage} ${Math.round(current.progressPercent)}%`,
        current.status === 'pending' ? null : current.progressPercent / 100,
      );
      if (current.status === 'completed' || current.status === 'failed') return current;
      await new Promise((resolveWait) => setTimeout(resolveWait, jobPollMs));
    }
  } finally {
    progress.finish();
  }
}

async function printResult(service: Service, job: Job, outDir: string | undefined, json: boolean, io: CliIo): Promise<number> {
  const avatar = service.avatars.get(job.avatarId!);
  if (!avatar) throw new Error(`Job ${job.id} completed without an avatar`);
  const artifacts = service.avatars.artifacts(avatar.id);
  const copies = new Map<string, string>();
  if (outDir) {
    const target = resolve(outDir);
    mkdirSync(target, { recursive: true });
    for (const artifact of artifacts) {
      const copy = join(target, artifact.name);
      copyFileSync(artifact.localPath, copy);
      copies.set(artifact.name, copy);
    }
    io.stderr.write(`perfit scan: wrote ${artifacts.map((artifact) => artifact.name).join(', ')} to ${target}\n`);
  }
  if (json) {
    const fileUrls: ArtifactUrlResolver = {
      urlFor: (artifact) => pathToFileURL(copies.get(artifact.name) ?? artifact.localPath).href,
    };
    const body = await presentAvatar(avatar, artifacts, fileUrls, { baseUrl: '' });
    io.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return 0;
  }
  io.stdout.write(
    formatTable(
      ['measurement', 'cm', '± sd cm', 'method'],
      avatar.measurements.map((m) => [m.name, round1(m.valueCm), m.sdCm === null ? null : round1(m.sdCm), m.method]),
    ),
  );
  for (const note of avatar.provenance.notes) io.stdout.write(`note: ${note}\n`);
  io.stdout.write(
    `pipeline: ${avatar.provenance.pipeline} ${avatar.provenance.pipelineVersion} on ${avatar.provenance.executionProvider}\n`,
  );
  return 0;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export const scanCommand: CliCommand = {
  usage,
  run: (argv, io) => runScan(argv, io),
};
