import * as z from 'zod';

/**
 * The size-chart format (docs/size-charts.md): what a brand's chart says about the bodies each size
 * is made for. Ranges are body dimensions in cm (ISO 8559-2 / EN 13402-3 body measures), never
 * garment measurements; the recommender compares them with the avatar's measurements of the same name.
 */

/** The body dimensions a chart may use; each is the avatar measurement of the same name. */
export const chartDimensions = ['chest', 'waist', 'hip', 'neck', 'arm_length', 'inseam', 'height'] as const;
export type ChartDimension = (typeof chartDimensions)[number];

export const garmentCategories = [
  'tops',
  'shirts',
  'jackets',
  'coats',
  'knitwear',
  'trousers',
  'jeans',
  'shorts',
  'dresses',
  'skirts',
] as const;
export const genderLines = ['men', 'women', 'unisex'] as const;
export const labelSystems = ['international', 'eu', 'us', 'uk', 'waist_inseam', 'collar', 'other'] as const;
export const fitStyles = ['slim', 'regular', 'relaxed'] as const;

export const chartFormat = 'perfit-size-chart/1';
/** A chart file is a few kB; one this large (JSON or CSV) is not a chart. */
export const maxSizeChartBytes = 1024 * 1024;
export const chartIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

const enumError = (field: string, values: readonly string[]) => ({ error: `${field} must be one of: ${values.join(', ')}` });

export const chartIdSchema = z
  .string({ error: 'id must be a string' })
  .regex(chartIdPattern, { error: 'id must be 1 to 64 characters: lower-case letters, digits and "-", starting with a letter or digit' });

const cm = (field: string) =>
  z
    .number({ error: `${field} must be a number (cm)` })
    .positive({ error: `${field} must be greater than 0 cm` })
    .max(300, { error: `${field} must be at most 300 cm` });

const rangeSchema = z
  .strictObject(
    { min_cm: cm('min_cm'), max_cm: cm('max_cm') },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}: a range has min_cm and max_cm`
          : 'a range must be an object {"min_cm", "max_cm"}',
    },
  )
  .refine((range) => range.min_cm < range.max_cm, { error: 'min_cm must be less than max_cm' });

const dimensionKey = z.enum(chartDimensions, enumError('dimension', chartDimensions));

const rangesSchema = z
  .record(z.string(), rangeSchema, { error: 'ranges must be an object of dimension → {min_cm, max_cm}' })
  .superRefine((ranges, ctx) => {
    for (const key of Object.keys(ranges)) {
      if (!dimensionKey.safeParse(key).success) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown dimension "${key}"; use one of: ${chartDimensions.join(', ')}` });
      }
    }
    if (Object.keys(ranges).length === 0) ctx.addIssue({ code: 'custom', message: 'ranges must name at least one dimension' });
  })
  .transform((ranges) => ranges as Partial<Record<ChartDimension, { min_cm: number; max_cm: number }>>);

const sizeSchema = z.strictObject(
  {
    label: z
      .string({ error: 'label must be a string' })
      .trim()
      .min(1, { error: 'label must not be empty' })
      .max(32, { error: 'label must be at most 32 characters' }),
    ranges: rangesSchema,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.join(', ')}: a size has label and ranges`
        : 'a size must be an object {"label", "ranges"}',
  },
);

const easeSchema = z.record(
  z.string(),
  z
    .number({ error: 'ease must be a number (cm)' })
    .min(-20, { error: 'ease must be between -20 and 60 cm' })
    .max(60, { error: 'ease must be between -20 and 60 cm' }),
);

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: `${field} must be at most ${max} characters` });

/** A chart as stored, sent and shipped (snake_case, as in the API). Unknown fields are refused so a misspelt one is not silently lost. */
export const sizeChartSchema = z
  .strictObject(
    {
      format: z.literal(chartFormat, { error: `format must be "${chartFormat}"` }),
      id: chartIdSchema,
      version: z
        .number({ error: 'version must be an integer' })
        .int({ error: 'version must be an integer' })
        .min(1, { error: 'version must be at least 1' }),
      brand: text('brand', 80),
      name: text('name', 120),
      category: z.enum(garmentCategories, enumError('category', garmentCategories)),
      gender_line: z.enum(genderLines, enumError('gender_line', genderLines)),
      label_system: z.enum(labelSystems, enumError('label_system', labelSystems)),
      source: text('source', 2000),
      sizes: z
        .array(sizeSchema, { error: 'sizes must be an array' })
        .min(1, { error: 'sizes must list at least one size' })
        .max(60, { error: 'sizes must list at most 60 sizes' }),
      fit_ease_cm: z.partialRecord(z.enum(fitStyles, enumError('fit style', fitStyles)), easeSchema).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}; see docs/size-charts.md`
          : 'a chart must be a JSON object',
    },
  )
  .superRefine((chart, ctx) => checkSizes(chart.sizes, ctx))
  .superRefine((chart, ctx) => {
    for (const [style, ease] of Object.entries(chart.fit_ease_cm ?? {})) {
      for (const key of Object.keys(ease)) {
        if (!dimensionKey.safeParse(key).success) {
          ctx.addIssue({
            code: 'custom',
            path: ['fit_ease_cm', style, key],
            message: `unknown dimension "${key}"; use one of: ${chartDimensions.join(', ')}`,
          });
        }
      }
    }
  });

export type SizeChart = z.output<typeof sizeChartSchema>;
export type SizeRange = { min_cm: number; max_cm: number };

/** The dimensions of a chart, in the canonical order of `chartDimensions`. */
export function dimensionsOf(chart: { sizes: ReadonlyArray<z.output<typeof sizeSchema>> }): ChartDimension[] {
  const first = chart.sizes[0];
  return first ? chartDimensions.filter((dimension) => first.ranges[dimension] !== undefined) : [];
}

/**
 * Sizes are in order, smallest first: every size uses the same dimensions, and each dimension's
 * limits never go down from one size to the next (the recommender reads a size's position as "how big").
 */
function checkSizes(sizes: ReadonlyArray<z.output<typeof sizeSchema>>, ctx: z.RefinementCtx): void {
  const labels = new Set<string>();
  sizes.forEach((size, index) => {
    if (labels.has(size.label))
      ctx.addIssue({ code: 'custom', path: ['sizes', index, 'label'], message: `label "${size.label}" appears twice` });
    labels.add(size.label);
  });
  const first = sizes[0];
  if (!first) return;
  const expected = dimensionsOf({ sizes });
  sizes.forEach((size, index) => {
    const own = chartDimensions.filter((dimension) => size.ranges[dimension] !== undefined);
    if (own.join(',') !== expected.join(',')) {
      ctx.addIssue({
        code: 'custom',
        path: ['sizes', index, 'ranges'],
        message:
          `size "${size.label}" has ranges for ${own.join(', ') || 'nothing'}; ` +
          `every size must have the same dimensions as the first (${expected.join(', ')})`,
      });
      return;
    }
    const previous = sizes[index - 1];
    if (!previous) return;
    for (const dimension of expected) {
      const range = size.ranges[dimension]!;
      const before = previous.ranges[dimension];
      if (before && (range.min_cm < before.min_cm || range.max_cm < before.max_cm)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sizes', index, 'ranges', dimension],
          message: `size "${size.label}" is smaller in ${dimension} than "${previous.label}" before it; list sizes smallest first`,
        });
      }
    }
  });
}
