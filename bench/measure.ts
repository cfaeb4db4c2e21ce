// A benchmark figure and how it is printed: the value, its target, and whether it holds.
export interface Measure {
  name: string;
  value: number;
  unit: string;
  /** The largest acceptable value. */
  target?: number;
  detail?: string;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function formatMeasure(m: Measure): string {
  const digits = m.value < 1 ? 4 : m.value < 10 ? 2 : 0;
  const verdict =
    m.target === undefined
      ? ''
      : m.value <= m.target
        ? `  ok (target <= ${m.target} ${m.unit})`
        : `  OVER (target <= ${m.target} ${m.unit})`;
  return `${m.name.padEnd(58)} ${m.value.toFixed(digits).padStart(9)} ${m.unit}${verdict}${m.detail ? `  [${m.detail}]` : ''}`;
}
