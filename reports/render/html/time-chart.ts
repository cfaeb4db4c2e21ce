// Chart kind "time": one stacked column per period for each measure, split by the series columns.
import type { Column } from '../../report.js';
import type { Row } from '../../run-report.js';
import { type ChartInput, timeBuckets, withRole } from './chart-input.js';
import { dayLabels, stackedColumns } from './stacked-columns.js';
import { asNumber, figure, legend, measureTitle } from './svg.js';

/** Series beyond this many are drawn together as "other". */
const MAX_SERIES = 7;

/** The series a row belongs to: the values of the series columns that differ between rows, joined. */
function seriesOf(rows: Row[], series: readonly Column[]): { varying: Column[]; nameOf: (r: Row) => string } {
  const varying = series.filter((c) => new Set(rows.map((r) => r[c.key])).size > 1);
  return {
    varying,
    nameOf: (r) => (varying.length ? varying.map((c) => String(r[c.key] ?? '(none)')).join(' · ') : ''),
  };
}

export function timeChart(input: ChartInput): string {
  const [time] = withRole(input.columns, 'time');
  if (!time) return '';
  const { varying, nameOf } = seriesOf(input.rows, withRole(input.columns, 'series'));
  const buckets = timeBuckets(
    input.rows.map((r) => String(r[time.key])),
    input.days,
  );
  const index = new Map(buckets.map((b, i) => [b, i]));
  return withRole(input.columns, 'measure')
    .map((m, mi) => {
      const totals = new Map<string, number>();
      for (const r of input.rows) totals.set(nameOf(r), (totals.get(nameOf(r)) ?? 0) + asNumber(r[m.key]));
      if (![...totals.values()].some((v) => v > 0)) return '';
      const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
      const kept = ranked.length > MAX_SERIES + 1 ? ranked.slice(0, MAX_SERIES) : ranked;
      const series = kept.length < ranked.length ? [...kept, 'other'] : kept;
      const slot = new Map(series.map((s, i) => [s, i]));
      const values = buckets.map(() => series.map(() => 0));
      for (const r of input.rows) {
        const j = slot.get(nameOf(r)) ?? series.length - 1;
        values[index.get(String(r[time.key]))!]![j]! += asNumber(r[m.key]);
      }
      const title = `${measureTitle(m)} per ${time.label.toLowerCase()}${series.length > 1 ? ` by ${varying.map((c) => c.label.toLowerCase()).join(' and ')}` : ''}`;
      const inner = stackedColumns({
        buckets,
        series,
        values,
        measure: m,
        xTitle: time.label,
        yTitle: measureTitle(m),
        width: 760,
        height: 240,
        label: dayLabels(buckets),
      });
      return figure(`${input.id}-${mi}`, title, 760, 240, inner, legend(series.filter((s) => s !== '')));
    })
    .join('');
}
