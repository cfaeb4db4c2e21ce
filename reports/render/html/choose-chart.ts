// Picks the chart kind of a report from its column roles alone, so a new report needs no HTML code.
import type { Column, ColumnRole } from '../../report.js';
import { categoryBars } from './category-bars.js';
import { type ChartInput, withRole } from './chart-input.js';
import { heatmap } from './heatmap.js';
import { smallMultiples } from './small-multiples.js';
import { timeChart } from './time-chart.js';

export type ChartKind = 'time' | 'small-multiples' | 'heatmap' | 'bars' | 'table';

export function chartKind(columns: readonly Column[]): ChartKind {
  const n = (role: ColumnRole) => withRole(columns, role).length;
  if (n('measure') === 0) return 'table';
  if (n('time') > 0) return n('category') > 0 ? 'small-multiples' : 'time';
  if (n('category') >= 2) return 'heatmap';
  if (n('category') === 1) return 'bars';
  return 'table';
}

const DRAW: Record<Exclude<ChartKind, 'table'>, (input: ChartInput) => string> = {
  time: timeChart,
  'small-multiples': smallMultiples,
  heatmap,
  bars: categoryBars,
};

/** The charts' markup, or '' when the kind is a table or nothing in the rows can be drawn. */
export function drawChart(input: ChartInput): string {
  const kind = chartKind(input.columns);
  return kind === 'table' ? '' : DRAW[kind](input);
}
