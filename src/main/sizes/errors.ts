import { CodedError } from '../errors.js';

/** A size-chart or recommendation failure with a stable `code`; the API and the CLI map it. */
export class SizeChartError extends CodedError<'invalid_chart' | 'invalid_chart_csv' | 'chart_not_found' | 'chart_dimensions_missing'> {
  override readonly name = 'SizeChartError';
}
