import menShirts from './charts/generic-men-shirts.json' with { type: 'json' };
import menTops from './charts/generic-men-tops.json' with { type: 'json' };
import menTrousers from './charts/generic-men-trousers.json' with { type: 'json' };
import womenDresses from './charts/generic-women-dresses.json' with { type: 'json' };
import womenTops from './charts/generic-women-tops.json' with { type: 'json' };
import womenTrousers from './charts/generic-women-trousers.json' with { type: 'json' };
import type { SizeChart } from './chart-schema.js';
import { parseSizeChart } from './parse-chart.js';

/**
 * The generic demo charts the product ships (derived from the ANSUR II survey by
 * scripts/sizes/derive-charts.ts), bundled as data and checked like any other chart.
 */
export function shippedCharts(): SizeChart[] {
  return [menTops, menShirts, menTrousers, womenTops, womenTrousers, womenDresses].map((chart, index) =>
    parseSizeChart(chart, `shipped size chart ${index + 1}`),
  );
}
