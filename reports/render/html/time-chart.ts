// Chart kind "time": one stacked column per period for each measure, split by the series columns.
import type { Column } from '../../report.js';
import type { Row } from '../../run-report.js';
import { type ChartInput, timeAxis, withRole } from './chart-input.js';
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
  const measures = withRole(input.columns, 'measure');
  const { varying, nameOf } = seriesOf(input.rows, withRole(input.columns, 'series'));
  const axis = timeAxis(
    input.rows.map((r) => String(r[time.key])),
    input.days,
    measures,
    time.label,
  );
  const index = new Map(axis.buckets.map((b, i) => [b, i]));
  // Series are ranked once, by the first measure, so each keeps its colour in every chart.
  const names = input.rows.map(nameOf);
  const totals = new Map<string, number>();
  input.rows.forEach((r, i) => totals.set(names[i]!, (totals.get(names[i]!) ?? 0) + asNumber(r[measures[0]?.key ?? ''])));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const kept = ranked.length > MAX_SERIES + 1 ? ranked.slice(0, MAX_SERIES) : ranked;
  const series = kept.length < ranked.length ? [...kept, 'other'] : kept;
  const slot = new Map(series.map((s, i) => [s, i]));
  const xTitle = axis.unit === 'week' ? 'Week (from Monday)' : time.label;
  // Each row's column and part, found once for every measure.
  const at = input.rows.map((r) => index.get(axis.bucketOf(String(r[time.key])))!);
  const part = names.map((n) => slot.get(n) ?? series.length - 1);
  return measures
    .map((m, mi) => {
      const values = axis.buckets.map(() => series.map(() => 0));
      input.rows.forEach((r, i) => {
        values[at[i]!]![part[i]!]! += asNumber(r[m.key]);
      });
      if (!values.some((v) => v.some((x) => x > 0))) return '';
      const by = series.length > 1 ? ` by ${varying.map((c) => c.label.toLowerCase()).join(' and ')}` : '';
      const title = `${measureTitle(m)} per ${axis.unit}${by}`;
      const inner = stackedColumns({
        buckets: axis.buckets,
        series,
        values,
        measure: m,
        xTitle,
        yTitle: measureTitle(m),
        width: 760,
        height: 240,
        label: dayLabels(axis.buckets),
      });
      return figure(`${input.id}-${mi}`, title, 760, 240, inner, legend(series.filter((s) => s !== '')));
    })
    .join('');
}
