import { parseArgs } from 'node:util';
import { presentChartSummary, presentStoredChart } from '../../main/api/size-charts/presenters.js';
import { readChartFile } from '../../main/sizes/chart-file.js';
import { shippedCharts } from '../../main/sizes/shipped-charts.js';
import { SizeChartRepository } from '../../main/sizes/size-chart-repository.js';
import { CliUsageError, refuseExtraArguments, type CliCommand, type CliIo } from '../command.js';
import { formatTable } from '../table.js';
import { dataFolderConfig, openServiceDatabase } from '../data-folder.js';

const usage = `perfit charts list [--json]
perfit charts import FILE [--json]   store a chart (.json, or .csv as docs/size-charts.md describes) on this kiosk
  --data-dir DIR     data folder (PERFIT_DATA_DIR)`;

async function runCharts(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [action = 'list', file, ...rest] = positionals;
  refuseExtraArguments(rest);
  const config = dataFolderConfig(io, values['data-dir']);
  const db = openServiceDatabase(config);
  try {
    const charts = new SizeChartRepository(db);
    charts.seedShipped(shippedCharts());
    switch (action) {
      case 'list': {
        const list = charts.list().map(presentChartSummary);
        if (values.json) io.stdout.write(JSON.stringify({ count: list.length, charts: list }, null, 2) + '\n');
        else if (list.length === 0) io.stdout.write('no size charts\n');
        else {
          io.stdout.write(
            formatTable(
              ['chart', 'version', 'brand', 'category', 'line', 'sizes', 'by', 'origin', 'shown', 'updated'],
              list.map((c) => [
                c.id,
                c.version,
                c.brand,
                c.category,
                c.gender_line,
                c.size_labels.join(' '),
                c.dimensions.join(', '),
                c.origin,
                c.shown_to_customers ? 'yes' : 'no',
                c.updated_at,
              ]),
            ),
          );
        }
        return 0;
      }
      case 'import': {
        if (!file) throw new CliUsageError('A chart FILE is required');
        const chart = await readChartFile(file);
        const { stored, created } = charts.put(chart, 'local');
        if (values.json) io.stdout.write(JSON.stringify(presentStoredChart(stored), null, 2) + '\n');
        else
          io.stdout.write(
            `${created ? 'imported' : 'replaced'} chart ${chart.id} version ${chart.version} (${chart.sizes.length} sizes)\n`,
          );
        return 0;
      }
      default:
        throw new CliUsageError(`Unknown charts action "${action}"`);
    }
  } finally {
    db.close();
  }
}

export const chartsCommand: CliCommand = {
  usage,
  run: runCharts,
};
