// The Gemini CLI importer: chat files under ~/.gemini/tmp/<project>/chats/, both formats.
import fs from 'node:fs';
import type { StoreImporter } from '../contract.js';
import { discoverGeminiChats } from './discover.js';
import type { ChatProblem, GeminiChat } from './parse.js';
import { geminiRoots } from './paths.js';

// The parser, mapper and project lookup are loaded when a chat is read, not with the registry.
const readerParts = async () => {
  const [map, parse, project] = await Promise.all([import('./map.js'), import('./parse.js'), import('./project.js')]);
  return { ...map, ...parse, ...project };
};

/** 48 bits of the content's SHA-256: fits the state's numeric cursor exactly. */
const contentHash = async (bytes: Buffer) =>
  Number.parseInt((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex').slice(0, 12), 16);

/**
 * Each chat file is imported like a store: skipped while its size and mtime are unchanged, and
 * otherwise read whole, skipped again when its content hash is the one already imported (the old
 * `.json` is rewritten whole on every change, sometimes with the same content). Reading the whole
 * `.jsonl` each time it grows is what "the last record of an id wins" and `$rewindTo` need, and
 * chat files are small (the largest harness chat, 30,000 lines of tool output, is 300 KB).
 * Upserts make a re-read change nothing; rows are never deleted, so a chat file the CLI
 * rewrites or removes keeps everything already imported.
 */
export const geminiImporter: StoreImporter = {
  kind: 'store',
  source: 'gemini',
  parserVersion: 1,
  defaultRoots: (env) => geminiRoots(env),
  discover: discoverGeminiChats,
  async fingerprint(file) {
    const st = fs.statSync(file);
    return { size: st.size, mtime_ms: Math.trunc(st.mtimeMs) };
  },
  async read(file, saved, write, report) {
    const bytes = fs.readFileSync(file);
    const hash = await contentHash(bytes);
    if (saved && saved.parser_version === this.parserVersion && saved.cursor === hash) {
      return { cursor: hash, items: 0, problems: 0 };
    }
    const {
      mapChat,
      pathsInChat,
      parseChatJson,
      parseChatJsonl,
      projectFolderOf,
      readProjectSidecars,
      resolveProject,
    } = await readerParts();
    const text = bytes.toString('utf8');
    const problems: ChatProblem[] = [];
    let chat: GeminiChat;
    if (file.endsWith('.json')) {
      try {
        chat = parseChatJson(text);
      } catch (err) {
        // Half-written by the CLI (it rewrites the file whole): the next import reads it again.
        report({ path: file, line: 1, reason: `not a chat: ${(err as Error).message}` });
        return { cursor: null, items: 0, problems: 1 };
      }
    } else {
      chat = parseChatJsonl(text, problems);
    }
    for (const p of problems) report({ path: file, line: p.line, reason: p.reason });
    if (!chat.sessionId) {
      if (chat.messages.length > 0) report({ path: file, line: 1, reason: 'no session id in the chat file' });
      return { cursor: hash, items: 0, problems: problems.length + (chat.messages.length > 0 ? 1 : 0) };
    }
    const where = projectFolderOf(file);
    const project = resolveProject(where.folder, readProjectSidecars(where.tmpDir, where.folder), pathsInChat(chat));
    const records = mapChat(chat, { file, project, parentSessionId: where.parentSessionId });
    for (const r of records) write(r);
    return { cursor: hash, items: chat.messages.length, problems: problems.length };
  },
};
