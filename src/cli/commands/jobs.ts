import { parseArgs } from 'node:util';
import { openStores } from '../../main/stores.js';
import { jobStatuses, type Job, type JobStatus } from '../../main/jobs/types.js';
import { presentJob } from '../../main/api/avatar/presenters.js';
import { CliUsageError, refuseExtraArguments, type CliCommand, type CliIo } from '../command.js';
import { formatTable } from '../table.js';
import { dataFolderConfig, openServiceDatabase } from '../data-folder.js';

const usage = `perfit jobs [list] [--status S] [--user ID] [--limit N] [--json]
perfit jobs inspect JOB_ID
perfit jobs retry JOB_ID      put a failed job back in the queue (a running service picks it up)
  --data-dir DIR     data folder (PERFIT_DATA_DIR)`;

async function runJobs(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      status: { type: 'string' },
      user: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [action = 'list', jobId, ...rest] = positionals;
  refuseExtraArguments(rest);
  const config = dataFolderConfig(io, values['data-dir']);
  const db = openServiceDatabase(config);
  try {
    const { queue } = openStores(db, config.queue);
    switch (action) {
      case 'list': {
        if (values.status !== undefined && !jobStatuses.includes(values.status as JobStatus)) {
          throw new CliUsageError(`--status must be one of ${jobStatuses.join(', ')}`);
        }
        const limit = values.limit === undefined ? 50 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new CliUsageError('--limit must be a positive integer');
        const jobs = queue.list({ status: values.status as JobStatus | undefined, userId: values.user, limit });
        if (values.json)
          io.stdout.write(
            JSON.stringify(
              jobs.map((listed) => presentJob(listed, null)),
              null,
              2,
            ) + '\n',
          );
        else io.stdout.write(jobsTable(jobs));
        return 0;
      }
      case 'inspect': {
        const job = queue.get(requireJobId(jobId));
        if (!job) {
          io.stderr.write(`perfit: no job ${jobId}\n`);
          return 1;
        }
        io.stdout.write(JSON.stringify(presentJob(job, null), null, 2) + '\n');
        return 0;
      }
      case 'retry': {
        const job = queue.retry(requireJobId(jobId));
        io.stdout.write(`job ${job.id} is ${job.status} again\n`);
        return 0;
      }
      default:
        throw new CliUsageError(`Unknown jobs action "${action}"`);
    }
  } finally {
    db.close();
  }
}

function requireJobId(jobId: string | undefined): string {
  if (!jobId) throw new CliUsageError('A job id is required');
  return jobId;
}

function jobsTable(jobs: Job[]): string {
  if (jobs.length === 0) return 'no jobs\n';
  return formatTable(
    ['job', 'user', 'status', 'attempts', 'stage', 'created', 'error'],
    jobs.map((job) => [job.id, job.userId, job.status, job.attempts, job.progressStage, job.createdAt, job.errorMessage]),
  );
}

export const jobsCommand: CliCommand = {
  usage,
  run: runJobs,
};
