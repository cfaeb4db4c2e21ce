// Chart kind "small multiples": a small time chart per category value, all on one scale.
import { type ChartInput, timeAxis, withRole } from './chart-input.js';
import { dayLabels, stackedColumns } from './stacked-columns.js';
import { asNumber, figure, measureTitle } from './svg.js';

const MAX_PANELS = 6;

export function smallMultiples(input: ChartInput): string {
  const [time] = withRole(input.columns, 'time');
  const [facet] = withRole(input.columns, 'category');
  const [m] = withRole(input.columns, 'measure');
  if (!time || !facet || !m) return '';
  // Panels in the order the report gives (it ranks them).
  const names = [...new Set(input.rows.map((r) => String(r[facet.key] ?? '(none)')))].slice(0, MAX_PANELS);
  const axis = timeAxis(
    input.rows.map((r) => String(r[time.key])),
    input.days,
    [m],
    time.label,
  );
  const buckets = axis.buckets;
  const index = new Map(buckets.map((b, i) => [b, i]));
  const values = new Map(names.map((n) => [n, buckets.map(() => [0])]));
  for (const r of input.rows) {
    const panel = values.get(String(r[facet.key] ?? '(none)'));
    if (panel) panel[index.get(axis.bucketOf(String(r[time.key])))!]![0]! += asNumber(r[m.key]);
  }
  const yMax = Math.max(0, ...[...values.values()].flatMap((p) => p.map((v) => v[0]!)));
  if (!(yMax > 0)) return '';
  const panels = names.map((n, i) =>
    figure(
      `${input.id}-${i}`,
      `${n}: ${measureTitle(m).toLowerCase()} per ${axis.unit}`,
      370,
      170,
      stackedColumns({
        buckets,
        series: [n],
        values: values.get(n)!,
        measure: m,
        xTitle: `${n}, per ${axis.unit}`,
        yTitle: measureTitle(m),
        yMax,
        width: 370,
        height: 170,
        label: dayLabels(buckets),
      }),
    ),
  );
  return `<div class="multiples">${panels.join('')}</div>`;
}
