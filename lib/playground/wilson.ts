// Wilson score interval for a binomial proportion: honest at small n and near 0 or 1, unlike the normal approximation.

export interface Interval {
  rate: number;
  low: number;
  high: number;
}

/** z = 1.96 gives the 95% interval. With n = 0 there is no information: [0, 1]. */
export function wilsonInterval(successes: number, n: number, z = 1.959964): Interval {
  if (n <= 0) return { rate: 0, low: 0, high: 1 };
  if (successes < 0 || successes > n) throw new RangeError(`successes must be within 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
