// SQL functions the reports (and `agentlog sql`) can call: local time buckets, error kinds and prices.
import os from 'node:os';
import type { Db } from '../schema/open-db.js';
import { errorKind } from '../schema/error-kind.js';
import { toolDisplayName } from '../schema/tool-names.js';
import { modelFamily, type PriceBook } from './pricing.js';
import { type Bucket, bucketOf } from './zoned-time.js';

const BUCKETS = new Set(['hour', 'day', 'week', 'month', 'weekday']);

/**
 * local_bucket(ms, 'day'|'week'|'month'|'hour', tz), error_kind(text), tool_display_name(name), model_family(model) and
 * cost_usd(model, input, output, cache_write, cache_write_1h, cache_read).
 */
export function registerReportFunctions(db: Db, prices: PriceBook): void {
  db.function('local_bucket', { deterministic: true }, (ms: unknown, unit: unknown, tz: unknown) => {
    if (typeof ms !== 'number' && typeof ms !== 'bigint') return null;
    if (typeof unit !== 'string' || !BUCKETS.has(unit))
      throw new Error(`local_bucket: unit must be one of ${[...BUCKETS].join(', ')}`);
    return bucketOf(Number(ms), unit as Bucket, typeof tz === 'string' ? tz : 'UTC');
  });
  db.function('error_kind', { deterministic: true }, (text: unknown) =>
    errorKind(typeof text === 'string' ? text : text == null ? null : String(text)),
  );
  db.function('tool_display_name', { deterministic: true }, (name: unknown) =>
    typeof name === 'string' ? toolDisplayName(name) : name == null ? null : String(name),
  );
  db.function('model_family', { deterministic: true }, (model: unknown) =>
    typeof model === 'string' ? modelFamily(model) : null,
  );
  // A local database holds one machine's rows; a team database has a machine column instead.
  const host = os.hostname();
  db.function('machine_of', { deterministic: true }, (_sessionId: unknown) => host);
  const n = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
  db.function(
    'cost_usd',
    { deterministic: true },
    (model: unknown, input: unknown, output: unknown, cacheWrite: unknown, cacheWrite1h: unknown, cacheRead: unknown) =>
      prices.cost(
        typeof model === 'string' ? model : null,
        n(input),
        n(output),
        n(cacheWrite),
        n(cacheWrite1h),
        n(cacheRead),
      ),
  );
}
