// A deterministic generator of Claude Code projects trees shaped like real ones: the same seed gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusOptions {
  root: string;
  /** Total bytes to write (the largest file included). */
  bytes: number;
  seed?: number;
  /** Size of the one very large session file (default: 100 MB, or a fifth of the corpus if smaller). */
  largest?: number;
}

export interface CorpusStats {
  files: number;
  bytes: number;
  lines: number;
  sessions: number;
  largest: number;
}

const WORDS =
  'the a to of and in that is for it with as on be this by are or from at an not have which you can use file test function should value return error data call we will if new code run add make change check line first read update fix build type case one all more'.split(
    ' ',
  );

class Gen {
  constructor(private readonly r: () => number) {}
  int = (lo: number, hi: number) => lo + Math.floor(this.r() * (hi - lo + 1));
  pick = <T>(xs: readonly T[]): T => xs[Math.floor(this.r() * xs.length)]!;
  chance = (p: number) => this.r() < p;
  hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.r() * 16)];
    return s;
  };
  uuid = () => `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  words = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  };
  /** Text of about `bytes` bytes, in lines like file contents or command output. */
  text = (bytes: number) => {
    const lines: string[] = [];
    let size = 0;
    let n = 1;
    while (size < bytes) {
      const line = `${String(n++).padStart(5)}→${this.words(this.int(2, 14))}`;
      lines.push(line);
      size += line.length + 1;
    }
    return lines.join('\n');
  };
  /** Lognormal, for file sizes: median 100 KB and p99 about 5 MB, like real histories. */
  fileSize = () => {
    const z = Math.sqrt(-2 * Math.log(this.r() || 1e-12)) * Math.cos(2 * Math.PI * this.r());
    return Math.round(100_000 * Math.exp(1.68 * z));
  };
}

const TOOLS = [
  'Bash',
  'Read',
  'Edit',
  'Write',
  'Grep',
  'Glob',
  'TodoWrite',
  'WebFetch',
  'MultiEdit',
  'mcp__github__get_issue',
] as const;
const TOOL_WEIGHTS = [30, 25, 18, 5, 7, 5, 5, 2, 1, 2];
const ERRORS = [
  'Exit code 1\nnpm ERR! Test failed.  See above for more details.',
  '<tool_use_error>String to replace not found in file.\nString: const x = 1;</tool_use_error>',
  '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>',
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.",
  'File does not exist. Note: your current working directory is /home/dev/app.',
  'Exit code 2\nerror TS2345: Argument of type string is not assignable to parameter of type number.',
];

/** Writes one session's lines; returns how many lines it wrote. */
class SessionWriter {
  private parent: string | null = null;
  private t: number;
  lines = 0;
  private readonly out: string[] = [];
  private size = 0;

  constructor(
    private readonly g: Gen,
    private readonly fd: number,
    private readonly sessionId: string,
    private readonly cwd: string,
    start: number,
    private readonly sidechain: { agentId?: string } | null = null,
  ) {
    this.t = start;
  }

  written = () => this.size;

  private emit(entry: Record<string, unknown>) {
    const line = JSON.stringify(entry);
    this.out.push(line);
    this.size += line.length + 1;
    this.lines++;
    if (this.out.length >= 256) this.flush();
  }

  /** ~1% of lines are cut short, as after a crash mid-write. */
  private emitMaybeBad(entry: Record<string, unknown>) {
    if (this.g.chance(0.01)) {
      const line = JSON.stringify(entry);
      const cut = line.slice(0, Math.max(10, Math.floor(line.length / 2)));
      this.out.push(cut);
      this.size += cut.length + 1;
      this.lines++;
      return;
    }
    this.emit(entry);
  }

  flush() {
    if (this.out.length) fs.writeSync(this.fd, `${this.out.join('\n')}\n`);
    this.out.length = 0;
  }

  private base(type: string) {
    const uuid = this.g.uuid();
    this.t += this.g.int(200, 20_000);
    const e: Record<string, unknown> = {
      parentUuid: this.parent,
      isSidechain: this.sidechain !== null,
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: '2.1.39',
      gitBranch: 'main',
      type,
      uuid,
      timestamp: new Date(this.t).toISOString(),
    };
    if (this.sidechain?.agentId) e.agentId = this.sidechain.agentId;
    this.parent = uuid;
    return e;
  }

  prompt(text: string) {
    this.emitMaybeBad({
      ...this.base('user'),
      message: { role: 'user', content: text },
      permissionMode: 'acceptEdits',
    });
  }

  private toolInput(name: string): Record<string, unknown> {
    const file = `${this.cwd}/src/${this.g.pick(WORDS)}/${this.g.pick(WORDS)}.ts`;
    switch (name) {
      case 'Bash':
        return { command: `npm run ${this.g.pick(WORDS)}`, description: this.g.words(4) };
      case 'Read':
        return { file_path: file };
      case 'Edit':
        return {
          file_path: file,
          old_string: this.g.text(this.g.int(40, 400)),
          new_string: this.g.text(this.g.int(40, 400)),
        };
      case 'MultiEdit':
        return { file_path: file, edits: [{ old_string: 'a', new_string: 'b' }] };
      case 'Write':
        return { file_path: file, content: this.g.text(this.g.int(500, 8000)) };
      case 'Grep':
        return { pattern: this.g.pick(WORDS), path: `${this.cwd}/src` };
      case 'Glob':
        return { pattern: '**/*.ts', path: this.cwd };
      case 'TodoWrite':
        return { todos: [{ content: this.g.words(6), status: 'in_progress', activeForm: this.g.words(4) }] };
      default:
        return { url: `https://example.com/${this.g.pick(WORDS)}`, prompt: this.g.words(8) };
    }
  }

  private pickTool(): string {
    let x = this.g.int(
      1,
      TOOL_WEIGHTS.reduce((a, b) => a + b, 0),
    );
    for (let i = 0; i < TOOLS.length; i++) if ((x -= TOOL_WEIGHTS[i]!) <= 0) return TOOLS[i]!;
    return 'Bash';
  }

  /** One API response, one line per content block (the streaming split), then its tool results. */
  response(context: number, opts: { tools?: number; subagent?: () => string | undefined } = {}) {
    const msgId = `msg_01${this.g.hex(22)}`;
    const requestId = `req_011${this.g.hex(21)}`;
    const output = this.g.int(50, 1500);
    const usage = (final: boolean) => ({
      input_tokens: this.g.int(1, 9),
      cache_creation_input_tokens: final ? Math.floor(context * 0.08) : Math.floor(context * 0.08),
      cache_read_input_tokens: Math.floor(context * 0.92),
      output_tokens: final ? output : 9,
      service_tier: 'standard',
    });
    const blocks: Record<string, unknown>[] = [];
    if (this.g.chance(0.3))
      blocks.push({ type: 'thinking', thinking: this.g.words(this.g.int(20, 200)), signature: this.g.hex(64) });
    blocks.push({ type: 'text', text: this.g.words(this.g.int(5, 120)) });
    const calls: { id: string; name: string }[] = [];
    const n = opts.tools ?? 0;
    for (let i = 0; i < n; i++) {
      const name = opts.subagent && i === 0 ? 'Task' : this.pickTool();
      const id = `toolu_01${this.g.hex(22)}`;
      calls.push({ id, name });
      const input =
        name === 'Task'
          ? { description: this.g.words(3), prompt: this.g.words(30), subagent_type: 'general-purpose' }
          : this.toolInput(name);
      blocks.push({ type: 'tool_use', id, name, input });
    }
    blocks.forEach((b, i) => {
      const last = i === blocks.length - 1;
      this.emitMaybeBad({
        ...this.base('assistant'),
        requestId,
        message: {
          id: msgId,
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          content: [b],
          stop_reason: last ? (calls.length ? 'tool_use' : 'end_turn') : null,
          stop_sequence: null,
          usage: usage(last),
        },
      });
    });
    for (const c of calls) {
      const failed = this.g.chance(0.06);
      let agentId: string | undefined;
      if (c.name === 'Task') agentId = opts.subagent?.();
      const size =
        c.name === 'Read' ? this.g.int(1000, 20_000) : c.name === 'Bash' ? this.g.int(100, 6000) : this.g.int(50, 800);
      const content = failed ? this.g.pick(ERRORS) : this.g.text(size);
      const e: Record<string, unknown> = {
        ...this.base('user'),
        message: {
          role: 'user',
          content: [{ tool_use_id: c.id, type: 'tool_result', content, ...(failed ? { is_error: true } : {}) }],
        },
        toolUseResult: failed
          ? `Error: ${content.slice(0, 80)}`
          : c.name === 'Task'
            ? { status: 'completed', agentId, totalTokens: 12000 }
            : { stdout: '', stderr: '', interrupted: false },
      };
      this.emitMaybeBad(e);
      if (this.g.chance(0.3)) {
        this.emit({
          ...this.base('progress'),
          data: { type: 'hook_progress', hookEvent: 'PostToolUse', hookName: 'PostToolUse:Bash' },
          parentToolUseID: c.id,
          toolUseID: c.id,
        });
      }
    }
  }

  compaction(preTokens: number) {
    const boundary = this.base('system');
    this.emit({
      ...boundary,
      parentUuid: null,
      logicalParentUuid: this.g.uuid(),
      subtype: 'compact_boundary',
      content: 'Conversation compacted',
      level: 'info',
      compactMetadata: { trigger: this.g.chance(0.8) ? 'auto' : 'manual', preTokens },
    });
    this.emit({
      ...this.base('user'),
      isCompactSummary: true,
      isVisibleInTranscriptOnly: true,
      message: {
        role: 'user',
        content: `This session is being continued from a previous conversation that ran out of context. ${this.g.words(300)}`,
      },
    });
  }

  apiErrors(retries: number) {
    for (let i = 1; i <= retries; i++) {
      this.emit({
        ...this.base('system'),
        subtype: 'api_error',
        level: 'error',
        error: { status: 529, error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
        retryInMs: 500 * i,
        retryAttempt: i,
        maxRetries: 10,
      });
    }
  }

  metadata() {
    this.emit({
      type: 'file-history-snapshot',
      messageId: this.g.uuid(),
      snapshot: { messageId: this.g.uuid(), trackedFileBackups: {}, timestamp: new Date(this.t).toISOString() },
      isSnapshotUpdate: false,
    });
    this.emit({
      ...this.base('system'),
      subtype: 'turn_duration',
      durationMs: this.g.int(2000, 90_000),
      isMeta: false,
    });
  }
}

/** Writes a corpus of about `bytes` bytes under `root` (created fresh). Same seed, same bytes. */
export function generateCorpus(opts: CorpusOptions): CorpusStats {
  const g = new Gen(prng(opts.seed ?? 42));
  fs.rmSync(opts.root, { recursive: true, force: true });
  const largest = opts.largest ?? Math.min(100 * 1024 * 1024, Math.floor(opts.bytes / 5));
  const stats: CorpusStats = { files: 0, bytes: 0, lines: 0, sessions: 0, largest };
  const projects = Array.from({ length: 12 }, (_, i) => `/home/dev/${g.pick(WORDS)}-${i}`);
  let clock = Date.UTC(2026, 6, 1);

  const writeSession = (target: number) => {
    const cwd = g.pick(projects);
    const dir = path.join(opts.root, cwd.replace(/[^a-zA-Z0-9]/g, '-'));
    fs.mkdirSync(dir, { recursive: true });
    const sessionId = g.uuid();
    const file = path.join(dir, `${sessionId}.jsonl`);
    const fd = fs.openSync(file, 'w');
    clock += g.int(60_000, 6 * 3_600_000);
    const s = new SessionWriter(g, fd, sessionId, cwd, clock);
    const layout = g.pick(['none', 'none', 'none', 'inline', 'flat', 'nested', 'nested'] as const);
    const subagentFiles: string[] = [];
    const subagent = () => {
      const agentId = layout === 'flat' ? g.hex(8) : g.hex(17);
      if (layout === 'inline') {
        const side = new SessionWriter(g, fd, sessionId, cwd, clock, {});
        side.prompt(g.words(30));
        side.response(20_000, { tools: 2 });
        side.response(24_000);
        side.flush();
        s.lines += side.lines;
        return undefined;
      }
      const agentDir = layout === 'flat' ? dir : path.join(dir, sessionId, 'subagents');
      fs.mkdirSync(agentDir, { recursive: true });
      const agentFile = path.join(agentDir, `agent-${agentId}.jsonl`);
      const afd = fs.openSync(agentFile, 'w');
      const side = new SessionWriter(g, afd, sessionId, cwd, clock, { agentId });
      side.prompt(g.words(30));
      for (let k = 0; k < g.int(2, 8); k++) side.response(15_000 + k * 4000, { tools: g.int(1, 3) });
      side.response(40_000);
      side.flush();
      fs.closeSync(afd);
      stats.lines += side.lines;
      stats.bytes += side.written();
      subagentFiles.push(agentFile);
      return agentId;
    };
    let context = 20_000;
    while (s.written() < target) {
      s.prompt(g.words(g.int(5, 80)));
      for (let step = 0; step < g.int(1, 8) && s.written() < target; step++) {
        context += g.int(1000, 12_000);
        if (g.chance(0.01)) s.apiErrors(g.int(1, 3));
        const tools = g.chance(0.75) ? (g.chance(0.2) ? g.int(2, 4) : 1) : 0;
        s.response(context, {
          tools,
          subagent: layout !== 'none' && tools > 0 && g.chance(0.1) ? subagent : undefined,
        });
        if (context > 160_000) {
          s.compaction(context);
          context = 20_000;
        }
      }
      s.response(context);
      s.metadata();
    }
    s.flush();
    fs.closeSync(fd);
    stats.files += 1 + subagentFiles.length;
    stats.sessions += 1;
    stats.lines += s.lines;
    stats.bytes += s.written();
  };

  writeSession(largest);
  while (stats.bytes < opts.bytes)
    writeSession(Math.max(2_000, Math.min(g.fileSize(), opts.bytes - stats.bytes, 20 * 1024 * 1024)));
  return stats;
}

/** Appends about `fraction` more of its size to a transcript, in the same session (a session that went on). */
export function growTranscript(file: string, fraction: number, seed: number): void {
  const g = new Gen(prng(seed));
  const target = fs.statSync(file).size * fraction;
  const first = fs.readFileSync(file, 'utf8').split('\n', 1)[0] ?? '{}';
  let meta: { sessionId?: string; cwd?: string } = {};
  try {
    meta = JSON.parse(first);
  } catch {
    // a bad first line: any session id will do
  }
  const fd = fs.openSync(file, 'a');
  const s = new SessionWriter(g, fd, meta.sessionId ?? g.uuid(), meta.cwd ?? '/home/dev/app', Date.UTC(2026, 10, 1));
  while (s.written() < target) {
    s.prompt(g.words(20));
    s.response(60_000, { tools: 1 });
  }
  s.flush();
  fs.closeSync(fd);
}
