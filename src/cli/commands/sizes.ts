import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { presentRecommendation } from '../../main/api/size-charts/presenters.js';
import { openAvatarStores } from '../../main/stores.js';
import type { SizeChart } from '../../main/sizes/chart-schema.js';
import { readChartFile } from '../../main/sizes/chart-file.js';
import { SizeChartError } from '../../main/sizes/errors.js';
import { fitPreferences, type FitPreference } from '../../main/sizes/recommend.js';
import { recommendSizesForAvatar } from '../../main/sizes/recommend-for-avatar.js';
import { shippedCharts } from '../../main/sizes/shipped-charts.js';
import { SizeChartRepository } from '../../main/sizes/size-chart-repository.js';
import { CliUsageError, refuseExtraArguments, type CliCommand, type CliIo } from '../command.js';
import { formatTable } from '../table.js';
import { dataFolderConfig, openServiceDatabase } from '../data-folder.js';

const usage = `perfit sizes USER_ID --chart ID|FILE [--chart ID|FILE …] [--fit snug|regular|loose] [--json]
  The customer's newest avatar against stored charts (by id) or chart files (.json or .csv).
  --data-dir DIR     data folder (PERFIT_DATA_DIR)`;

async function runSizes(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      chart: { type: 'string', multiple: true },
      fit: { type: 'string', default: 'regular' },
      json: { type: 'boolean', default: false },
    },
  });
  const [userId, ...rest] = positionals;
  if (!userId) throw new CliUsageError('A customer id (USER_ID) is required');
  refuseExtraArguments(rest);
  const chartArgs = values.chart ?? [];
  if (chartArgs.length === 0) throw new CliUsageError('At least one --chart ID|FILE is required');
  if (!fitPreferences.includes(values.fit as FitPreference)) throw new CliUsageError(`--fit must be one of ${fitPreferences.join(', ')}`);
  const fit = values.fit as FitPreference;

  const config = dataFolderConfig(io, values['data-dir']);
  const db = openServiceDatabase(config);
  try {
    const stored = new SizeChartRepository(db);
    stored.seedShipped(shippedCharts());
    const charts: SizeChart[] = [];
    for (const arg of chartArgs) {
      // A path to a file wins over an id: ids never contain "/" or ".", file names usually do.
      if (/[/.]/.test(arg) || existsSync(arg)) charts.push(await readChartFile(arg));
      else {
        const chart = stored.get(arg)?.chart;
        if (!chart) throw new SizeChartError('chart_not_found', `No size chart ${arg} (perfit charts list shows them)`);
        charts.push(chart);
      }
    }
    const avatar = openAvatarStores(db).avatars.latestForUser(userId);
    if (!avatar) {
      io.stderr.write(`perfit sizes: no avatar for user ${userId} [avatar_not_found]\n`);
      return 1;
    }
    const recommendations = recommendSizesForAvatar(avatar, charts, fit).map(({ chart, recommendation }) =>
      presentRecommendation(chart, recommendation),
    );
    if (values.json) {
      const body = { user_id: userId, avatar_id: avatar.id, avatar_created_at: avatar.createdAt, fit_preference: fit, recommendations };
      io.stdout.write(JSON.stringify(body, null, 2) + '\n');
      return 0;
    }
    io.stdout.write(`customer ${userId}, avatar ${avatar.id} (${avatar.createdAt}), fit ${fit}\n\n`);
    io.stdout.write(
      formatTable(
        ['chart', 'size', 'probability', 'runner-up', 'fit'],
        recommendations.map((r) => [
          r.chart_id,
          r.best_size,
          `${Math.round(r.best_size_probability * 100)}%`,
          r.runner_up,
          r.dimensions
            .map((d) => `${d.dimension} ${d.fit}${d.off_range_cm !== 0 ? ` ${d.off_range_cm > 0 ? '+' : ''}${d.off_range_cm} cm` : ''}`)
            .join(', '),
        ]),
      ),
    );
    io.stdout.write('\n' + recommendations.map((r) => `${r.chart_id}: ${r.note}`).join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}

export const sizesCommand: CliCommand = {
  usage,
  run: runSizes,
};
