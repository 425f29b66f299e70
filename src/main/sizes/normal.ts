/**
 * Φ, the standard normal CDF, by the complementary error function (W. J. Cody's rational
 * approximation as in Numerical Recipes' erfcc, relative error under 1.2e-7): enough for
 * probabilities shown to a customer in whole percent.
 */
export function standardNormalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** P(X ≤ limit) for X ~ N(mean, sd²); a zero SD is a point mass (the figure taken as exact). */
export function normalCdf(limit: number, mean: number, sd: number): number {
  if (sd <= 0) return limit >= mean ? 1 : 0;
  return standardNormalCdf((limit - mean) / sd);
}
