// The Total row under a table: sums of the counted columns over every matched row.
type Row = Record<string, unknown>;

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/**
 * A row labelled Total in `first`, with `keys` summed. Cost is the sum of what is priced
 * (`priced_cost` when a row has it), and `unpriced_tokens` counts the tokens of models without a
 * price, so one unpriced model never hides the rest of the cost.
 */
export function sumRow(rows: Row[], first: string, keys: readonly string[]): Row {
  const total: Row = { [first]: 'Total' };
  for (const k of keys) total[k] = rows.reduce((s, r) => s + num(r[k]), 0);
  if (rows.some((r) => 'priced_cost' in r)) {
    total.cost = rows.reduce((s, r) => s + num(r.priced_cost), 0);
    total.unpriced_tokens = rows.reduce((s, r) => s + num(r.unpriced_tokens), 0);
  }
  return total;
}
