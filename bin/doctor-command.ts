// `agentlog doctor`: where everything is and whether it is in order, from the functions that own each part.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { out } from './output.js';

interface Check {
  ok: boolean;
  /** Not only a warning: agentlog cannot work until it is fixed (doctor then exits 1). */
  failed?: boolean;
  what: string;
  detail: string;
}

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8).padStart(3, '0');

async function checks(dbFlag?: string): Promise<Check[]> {
  const [
    { resolveDbPath, dataDir },
    { openDb, DbError },
    { migrations },
    claude,
    opencode,
    { claudeRoots },
    { opencodeStores },
  ] = await Promise.all([
    import('../schema/paths.js'),
    import('../schema/open-db.js'),
    import('../schema/migrations.js'),
    import('../hooks/install-claude.js'),
    import('../hooks/install-opencode.js'),
    import('../importers/claude/paths.js'),
    import('../importers/opencode/paths.js'),
  ]);
  const { OPENCODE_SPOOL, CLAUDE_HOOKS_SPOOL } = await import('../importers/spool-names.js');
  const out: Check[] = [];
  const entry = fs.realpathSync(process.argv[1] ?? '');

  const dbPath = resolveDbPath(dbFlag);
  if (!fs.existsSync(dbPath)) {
    out.push({ ok: false, what: 'database', detail: `${dbPath} does not exist yet: run \`agentlog import\`` });
  } else {
    const fileMode = mode(dbPath);
    const dirMode = mode(path.dirname(dbPath));
    out.push({
      ok: true,
      what: 'database',
      detail: `${dbPath} (${(fs.statSync(dbPath).size / 1048576).toFixed(1)} MB)`,
    });
    out.push({
      ok: fileMode === '600',
      what: 'database file mode',
      detail: fileMode === '600' ? '0600' : `0${fileMode}: transcripts hold secrets; chmod 600 ${dbPath}`,
    });
    const ownDir = path.dirname(dbPath) === dataDir();
    if (ownDir)
      out.push({
        ok: dirMode === '700',
        what: 'data directory mode',
        detail: dirMode === '700' ? '0700' : `0${dirMode}: chmod 700 ${path.dirname(dbPath)}`,
      });
    try {
      const db = openDb(dbPath, { readonly: true });
      const applied = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
      const rows = db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
      db.close();
      out.push({
        ok: applied.n === migrations.length,
        what: 'schema',
        detail: `${applied.n} of ${migrations.length} steps applied${applied.n < migrations.length ? ' (the next import upgrades it)' : ''}; ${rows.n} sessions`,
      });
    } catch (err) {
      out.push({
        ok: false,
        failed: true,
        what: 'schema',
        detail: err instanceof DbError ? err.message : `cannot read: ${(err as Error).message}`,
      });
    }
  }

  const settings = claude.claudeSettingsPath();
  const command = claude.hookCommand(process.execPath, entry);
  let hookState = `not installed in ${settings}: run \`agentlog install claude\``;
  let hooksOk = false;
  try {
    const json = JSON.parse(fs.readFileSync(settings, 'utf8')) as {
      hooks?: Record<string, { hooks?: { command?: string }[] }[]>;
    };
    const commands = claude.HOOK_EVENTS.map(
      (e) => (json.hooks?.[e] ?? []).flatMap((g) => g.hooks ?? []).find((h) => claude.isAgentlogHandler(h))?.command,
    );
    const missing = commands
      .filter((c): c is string => !!c)
      .flatMap((c) => claude.hookPrograms(c))
      .find((p) => path.isAbsolute(p) && !fs.existsSync(p));
    if (commands.every((c) => c === command)) [hooksOk, hookState] = [true, `installed and current in ${settings}`];
    else if (missing)
      hookState = `installed in ${settings}, but ${missing} no longer exists (after a Node or agentlog upgrade?): the hooks cannot run; run \`agentlog install claude\` again`;
    else if (commands.some(Boolean))
      hookState = `installed in ${settings} but for another agentlog: run \`agentlog install claude\` again`;
  } catch {
    // no settings file, or not JSON: not installed
  }
  out.push({ ok: hooksOk, what: 'Claude Code hooks', detail: hookState });

  const pluginFile = path.join(opencode.opencodePluginDir(), opencode.PLUGIN_FILE_NAME);
  let pluginState = `not installed (${pluginFile}): run \`agentlog install opencode\``;
  let pluginOk = false;
  if (fs.existsSync(pluginFile)) {
    const current = opencode.bakedPlugin(opencode.pluginSource(), [process.execPath, entry]);
    pluginOk = fs.readFileSync(pluginFile, 'utf8') === current;
    pluginState = pluginOk
      ? `installed and current (${pluginFile})`
      : `${pluginFile} is from another agentlog: run \`agentlog install opencode\` again`;
  }
  out.push({ ok: pluginOk, what: 'OpenCode plugin', detail: pluginState });

  // A folder that is not there is worth a line only when no transcript folder exists at all.
  const roots = claudeRoots().looked;
  const anyRoot = roots.some((d) => fs.existsSync(d));
  for (const dir of roots.filter((d) => !anyRoot || fs.existsSync(d)))
    out.push({
      ok: fs.existsSync(dir),
      what: 'Claude Code transcripts',
      detail: `${dir}${fs.existsSync(dir) ? '' : ' (not there)'}`,
    });
  const stores = opencodeStores();
  out.push({
    ok: stores.roots.length > 0,
    what: 'OpenCode data',
    detail: stores.roots.length ? stores.roots.join(', ') : `none in ${stores.looked.join(', ')}`,
  });

  for (const name of [OPENCODE_SPOOL, CLAUDE_HOOKS_SPOOL]) {
    const spool = path.join(dataDir(), name);
    if (!fs.existsSync(spool)) continue;
    let done = 0;
    try {
      const db = openDb(dbPath, { readonly: true });
      done =
        (db.prepare('SELECT offset FROM import_state WHERE path = ?').get(spool) as { offset: number } | undefined)
          ?.offset ?? 0;
      db.close();
    } catch {
      // no database: the whole spool is waiting
    }
    const waiting = fs.statSync(spool).size - done;
    out.push({
      ok: waiting === 0,
      what: 'spool backlog',
      detail: `${spool}: ${waiting === 0 ? 'all imported' : `${waiting} bytes not imported yet (run \`agentlog import\`)`}`,
    });
  }
  return out;
}

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the database, its permissions and schema, the installed hooks and plugin, the transcript folders and any spool backlog.',
    )
    .option('--db <path>', 'database file (default: $AGENTLOG_DB, else the platform data directory)')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const list = await checks(flags.db);
      if (flags.json) out(JSON.stringify(list, null, 2));
      else out(list.map((c) => `${c.ok ? 'ok  ' : c.failed ? 'FAIL' : 'warn'}  ${c.what}: ${c.detail}`).join('\n'));
      if (list.some((c) => c.failed)) process.exitCode = 1;
    });
}
