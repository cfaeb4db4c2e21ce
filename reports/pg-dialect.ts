// The PostgreSQL side of the one set of reports: :named parameters, and the SQL functions SQLite gets from JavaScript.
import { RULES } from '../schema/error-kind.js';
import { TOOL_DISPLAY_NAMES } from '../schema/tool-names.js';
import type { PriceBook } from './pricing.js';

/** The type each report parameter has in PostgreSQL (it cannot always infer one from `$1 IS NULL`). */
const PARAM_TYPES: Record<string, string> = {
  since: 'bigint',
  until: 'bigint',
  limit: 'bigint',
  subagents: 'integer',
  tool: 'text',
};

/** The functions the report SQL calls; PostgreSQL's copies are session-local, in pg_temp, which calls must name. */
const FUNCTIONS = [
  'local_bucket',
  'model_family',
  'cost_usd',
  'error_kind',
  'tool_display_name',
  'json_valid',
  'json_extract',
];

/**
 * A report's SQLite text as PostgreSQL text: `:name` becomes `$n::type`, the report functions are
 * called in pg_temp, `percentile(x, p)` (SQLite's) becomes percentile_cont (as numeric, which round() rounds half away from zero, as SQLite does), `machine_of(t.session_id)`
 * (the host name on a local database) becomes the row's machine column, and a parent session is
 * looked up on its child's machine.
 */
export function toPgQuery(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = [];
  // Quoted texts and comments are passed over, as SQLite does: '%:acompact-%' names no parameter.
  let text = sql.replace(/'(?:[^']|'')*'|--[^\n]*|(?<![:\w]):([a-z_][a-z0-9_]*)/gi, (m, name: string | undefined) => {
    if (name === undefined) return m;
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}::${PARAM_TYPES[name] ?? valueType(params[name])}`;
  });
  text = text
    .replace(new RegExp(`\\b(${FUNCTIONS.join('|')})\\(`, 'g'), 'pg_temp.$1(')
    .replace(/\bpercentile\(([^(),]+),\s*(\d+(?:\.\d+)?)\)/g, '(percentile_cont($2 / 100.0) WITHIN GROUP (ORDER BY $1))::numeric')
    .replace(/\bmachine_of\((\w+)\.session_id\)/g, '$1.machine')
    // Session ids are unique on one machine only: a parent (or child) session is looked up on its
    // child's machine, else two machines' same ids give two parents (projectOf's subquery fails).
    .replace(/\b(\w+)\.id = (\w+)\.parent_session_id\b/g, '($1.id = $2.parent_session_id AND $1.machine = $2.machine)')
    .replace(/\b(\w+)\.parent_session_id = (\w+)\.id\b/g, '($1.parent_session_id = $2.id AND $1.machine = $2.machine)')
    // SQLite's instr(text, part) is PostgreSQL's strpos(text, part): both 0 when absent, 1-based.
    .replace(/\binstr\(/g, 'strpos(')
    // SQLite's char(n) is PostgreSQL's chr(n) (there char(n) is a type).
    .replace(/\bchar\((\d+)\)/g, 'chr($1)')
    // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does so.
    .replace(/\bLIKE\b/g, 'ILIKE');
  const values = order.map((name) => {
    const v = params[name];
    if (v === undefined) throw new Error(`report parameter :${name} has no value`);
    // SQLite reads LIMIT -1 as no limit; PostgreSQL reads LIMIT NULL so.
    return name === 'limit' && typeof v === 'number' && v < 0 ? null : v;
  });
  return { text, values };
}

/** A parameter without a declared type (a finding's threshold) takes its value's: whole numbers are bigint, others double. */
const valueType = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? 'bigint' : 'double precision') : 'text';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** error_kind, generated from the rules the importer uses, so the two cannot drift apart. */
function errorKindFunction(): string {
  const checks = RULES.map(([re, kind]) => {
    // JavaScript's \b is \y in PostgreSQL; flag p keeps "." off newlines, as in JavaScript.
    const pattern = quote(re.source.replace(/\\b/g, '\\y'));
    const flags = quote(`p${re.flags.includes('i') ? 'i' : ''}`);
    const result =
      typeof kind === 'string'
        ? quote(kind)
        : `replace(${quote(kind(Object.assign(['', '\u0001'], { index: 0, input: '' }) as RegExpExecArray))}, chr(1), m[1])`;
    return `  m := regexp_match(msg, ${pattern}, ${flags});\n  IF m IS NOT NULL THEN RETURN ${result}; END IF;`;
  }).join('\n');
  return `CREATE FUNCTION pg_temp.error_kind(msg text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE m text[];
BEGIN
  IF msg IS NULL THEN RETURN NULL; END IF;
${checks}
  IF btrim(msg) = '' THEN RETURN 'empty error'; END IF;
  m := regexp_match(msg, '\yexit(?:ed with)?(?: code| status)?:? (\d+)\y', 'pi');
  IF m IS NOT NULL THEN RETURN 'Exit code ' || m[1]; END IF;
  RETURN 'failed';
END $fn$`;
}

/** The session-local functions and price table; needs only the TEMP right, never DDL on the team tables. */
export function pgFunctionsSql(): string[] {
  return [
    `CREATE FUNCTION pg_temp.local_bucket(ms double precision, unit text, tz text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE unit
    WHEN 'hour' THEN to_char(to_timestamp(floor(ms / 900000) * 900) AT TIME ZONE tz, 'YYYY-MM-DD HH24:00')
    WHEN 'day' THEN to_char(to_timestamp(floor(ms / 900000) * 900) AT TIME ZONE tz, 'YYYY-MM-DD')
    WHEN 'week' THEN to_char(date_trunc('week', to_timestamp(floor(ms / 900000) * 900) AT TIME ZONE tz), 'YYYY-MM-DD')
    WHEN 'month' THEN to_char(to_timestamp(floor(ms / 900000) * 900) AT TIME ZONE tz, 'YYYY-MM')
    WHEN 'weekday' THEN (extract(isodow FROM to_timestamp(floor(ms / 900000) * 900) AT TIME ZONE tz)::int - 1)::text
  END $fn$`,
    // The same steps as modelFamily() in pricing.ts.
    `CREATE FUNCTION pg_temp.model_family(model text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(model), '^.*/', ''), '^(?:[a-z]{2}\\.)?anthropic\\.', ''), '-v\\d+(?::\\d+)?$', ''),
    '@\\d{8}$', ''), '-\\d{8}$', ''), '-latest$', '') $fn$`,
    `CREATE TEMP TABLE agentlog_prices (model text PRIMARY KEY, input double precision, output double precision,
  cache_write double precision, cache_write_1h double precision, cache_read double precision)`,
    `CREATE TEMP TABLE agentlog_unpriced (model text PRIMARY KEY)`,
    // The same arithmetic, in the same order, as PriceBook.cost(), which also remembers a model
    // without a price (VOLATILE: it writes that down, in a temp table, which a READ ONLY transaction allows).
    `CREATE FUNCTION pg_temp.cost_usd(model text, i double precision, o double precision, w double precision,
  w1h double precision, r double precision) RETURNS double precision LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE p pg_temp.agentlog_prices;
BEGIN
  IF model IS NULL THEN RETURN NULL; END IF;
  SELECT * INTO p FROM pg_temp.agentlog_prices x WHERE x.model = cost_usd.model;
  IF NOT FOUND THEN
    INSERT INTO pg_temp.agentlog_unpriced VALUES (model) ON CONFLICT DO NOTHING;
    RETURN NULL;
  END IF;
  RETURN (coalesce(i, 0) * p.input + coalesce(o, 0) * p.output
    + (coalesce(w, 0) - least(coalesce(w1h, 0), coalesce(w, 0))) * p.cache_write
    + least(coalesce(w1h, 0), coalesce(w, 0)) * p.cache_write_1h + coalesce(r, 0) * p.cache_read) / 1000000;
END $fn$`,
    errorKindFunction(),
    // SQLite's json_valid and json_extract for the paths findings use ('$.key', '$.a.b', '$.a[1]'). Text
    // that is not JSON gives false and NULL: PostgreSQL may evaluate a WHERE's conditions in any
    // order, so json_extract cannot count on json_valid having ruled such text out.
    `CREATE FUNCTION pg_temp.json_valid(doc text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  IF doc IS NULL THEN RETURN NULL; END IF;
  PERFORM doc::json;
  RETURN true;
EXCEPTION WHEN others THEN RETURN false;
END $fn$`,
    `CREATE FUNCTION pg_temp.json_extract(doc text, path text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  RETURN doc::json #>> string_to_array(ltrim(regexp_replace(substr(path, 2), '\\[(\\d+)\\]', '.\\1', 'g'), '.'), '.');
EXCEPTION WHEN others THEN RETURN NULL;
END $fn$`,
    // The same table as toolDisplayName() in schema/tool-names.ts.
    `CREATE FUNCTION pg_temp.tool_display_name(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE name ${Object.entries(TOOL_DISPLAY_NAMES)
    .map(([raw, shown]) => `WHEN ${quote(raw)} THEN ${quote(shown)}`)
    .join(' ')} ELSE name END $fn$`,
  ];
}

/** Rows for agentlog_prices: each of `models` that PriceBook prices, priced as it prices it. */
export function priceRows(prices: PriceBook, models: string[]): unknown[][] {
  const rows: unknown[][] = [];
  for (const model of models) {
    const p = prices.priceOf(model);
    if (p) rows.push([model, p.input, p.output, p.cache_write, p.cache_write_1h ?? p.input * 2, p.cache_read]);
  }
  return rows;
}
