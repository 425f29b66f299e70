/** A size-chart or recommendation failure with a stable `code`; the API and the CLI map it. */
export class SizeChartError extends Error {
  override readonly name = 'SizeChartError';
  constructor(
    readonly code: 'invalid_chart' | 'invalid_chart_csv' | 'chart_not_found' | 'chart_dimensions_missing',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
