// The schema as documentation, generated from a freshly migrated database so it cannot drift.
import { openDb } from './open-db.js';

export const TABLE_NOTES: Record<string, string> = {
  sessions:
    'One row per session or subagent (`parent_session_id`, `agent_type`); totals are sums over its messages and tools',
  messages: 'One row per user prompt or assistant API response; `prompt_tokens` is uncached input',
  tools: 'One row per tool call, paired with its result; `success` is NULL while no result was seen',
  file_operations: 'One row per successful read, edit or create of a file by a tool call',
  session_errors: 'One row per failed API request (its retries folded into one row)',
  compaction_events: 'One row per context compaction (`compact`) or microcompaction',
  hook_events:
    'One row per hook run that blocked (`blocking_error`), failed (`non_blocking_error`, `error`) or was cancelled; successful runs are not kept',
  turns:
    'One row per completed turn (a prompt and the work until the agent stopped), with its duration; `created_at` is its end',
  permission_events:
    "One row per permission prompt (`subject`: the command's first words, the file or the patterns asked about) with its answer (`decision`: approved or denied) where the agent records one",
  pending_tool_results: 'Tool results whose call has not been imported yet (applied when it arrives)',
  search_docs:
    "One row per searchable text (`kind`: prompt, answer, command, output, error; `ref`: the id of its message, tool call or API error), written by `agentlog search` for the rows imported since the last one; `body` holds a command's text (the string values of its input), the other texts are read from their rows",
  search_fts: "The FTS5 full-text index over the documents' text (read through the view `search_text` from their rows)",
  search_pending:
    'Documents new or changed since the last search, queued as they are written: `agentlog search` (or `import --search-index`) indexes them into `search_fts`',
  search_written:
    'One row: per table (`messages`, `tools`, `session_errors`), the highest rowid whose row has its search documents; `agentlog search` writes those of the rows above it',
  search_batches:
    "Per file transaction that inserted rows, the tables' highest rowids at its commit, so that `agentlog search` writes the documents in import order; taken out as they are written",
  search_stale:
    'Rows below the `search_written` marks whose text, role or time changed since their documents were written (`tbl`, `rid`: table and rowid), for `agentlog search` to write again',
  usage_rollup:
    "Sums of the messages with tokens per session, model and UTC quarter hour (`quarter` = `created_at / 900000`), kept by the writer in each file's transaction; usage, daily-spend, projects and sessions read it",
  usage_hourly:
    "`usage_rollup`'s sums without the session: per UTC hour (`hour` = `created_at / 3600000`), model, agent, project (a subagent's is its parent's) and `subagent`, kept by the writer with `usage_rollup`; projects, usage by project, and usage and daily-spend with `--no-subagents` read it when no `--project` is given",
  usage_hour_model:
    "`usage_hourly`'s sums per UTC hour, model and agent only (no project or subagent flag), kept by the writer with it; usage by day, week, month or model and daily-spend read it when no `--project` or `--no-subagents` is given",
  tool_rollup:
    'Tool calls per tool, outcome and kind of failure (`n`), kept by triggers on `tools`; tool-errors reads it when no session filter is given (with a bound, less the calls outside the range when the range covers most of them)',
  tool_duration_rollup:
    'Tool calls per tool and duration (`n`), kept by triggers on `tools`; slow-tools reads it when no session filter is given (with a bound, less the calls outside the range when the range covers most of them)',
  tool_failure_rollup:
    'Failed tool calls per tool and UTC quarter hour (`quarter` = `created_at / 900000`, `n`), kept by triggers on `tools`; failures-by-day reads it when no session filter is given (with a bound, its whole quarter hours in the range)',
  message_rollup:
    'Messages per UTC quarter hour (`n`), kept by triggers on `messages`; activity reads it when no session or model filter is given (with a bound, its whole quarter hours in the range)',
  file_edit_rollup:
    'Edits and creations per file and session (`n`, and the latest as `last_edited`), kept by triggers on `file_operations`; hot-files reads it when no session filter is given (with a bound, less the edits outside the range when the range covers most of them)',
  import_state: 'One row per imported source file: where the last import stopped',
  schema_migrations: 'The schema steps applied to this file',
  push_epoch:
    "For `agentlog push`: the next push epoch (rows it stamps in `change_seq`; NULL there means not pushed since written), and this database's id on push targets",
  deferred_indexes:
    'Indexes that an import into an empty database dropped, to build them at its end (`sql`), and that process (`pid`); the next open builds those of a run that was killed',
};

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** Markdown: one table per database table, with its columns, types and constraints. */
export function schemaMarkdown(): string {
  const db = openDb(':memory:');
  try {
    const order = Object.keys(TABLE_NOTES);
    const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
    // FTS5 keeps its index in shadow tables of its own: they are not part of the documented schema.
    const tables = (
      db
        .prepare(
          "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'",
        )
        .all() as {
        name: string;
      }[]
    ).sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
    const out: string[] = [];
    for (const { name } of tables) {
      out.push(
        `### \`${name}\``,
        '',
        TABLE_NOTES[name] ? `${TABLE_NOTES[name]}.` : '',
        '',
        '| column | type | |',
        '|---|---|---|',
      );
      for (const c of db.prepare(`PRAGMA table_info(${name})`).all() as ColumnInfo[]) {
        const notes = [
          c.pk ? 'primary key' : '',
          c.notnull && !c.pk ? 'not null' : '',
          c.dflt_value !== null ? `default ${c.dflt_value}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        out.push(`| \`${c.name}\` | ${c.type || 'any'} | ${notes} |`);
      }
      out.push('');
    }
    return out.join('\n').trimEnd() + '\n';
  } finally {
    db.close();
  }
}

export const SCHEMA_START = '<!-- schema:start (generated by `npm run docs`; do not edit by hand) -->';
export const SCHEMA_END = '<!-- schema:end -->';

/** README text with the part between the schema markers replaced by `doc`. */
export function withSchema(readme: string, doc: string): string {
  const start = readme.indexOf(SCHEMA_START);
  const end = readme.indexOf(SCHEMA_END);
  if (start < 0 || end < start) throw new Error('README.md has no schema markers');
  return `${readme.slice(0, start + SCHEMA_START.length)}\n\n${doc}\n${readme.slice(end)}`;
}
