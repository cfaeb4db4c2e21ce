import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../schema/open-db.js';
import { redactRecord, redactSecrets } from './redact.js';
import { ERROR_MESSAGE_MAX_BYTES, limitRecord, roughJson } from '../agents/text-limits.js';
import type { AnyRecord } from '../schema/records.js';
import { runImport } from './run.js';

// Real-looking (not real) secrets of each kind redaction knows.
const SECRETS: [string, string][] = [
  ['anthropic-key', 'sk-ant-api03-Xy7kQ2mN9pL4rT6vW8zA1bC3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG-AbCdEfAA'],
  ['openai-key', 'sk-proj-4fT9kLmN2pQ7rS1tU3vW5xY7zA9bC1dE3fG5hJ7kL9mN1pQ3rS5t'],
  ['github-token', 'ghp_1A2b3C4d5E6f7G8h9I0j1K2l3M4n5O6p7Q8r'],
  ['github-token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv'],
  ['aws-access-key', 'AKIAIOSFODNN7EXAMPLE'],
  ['slack-token', 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['stripe-key', 'sk_live_51H8xYzAbCdEfGhIjKlMnOpQr'],
  ['google-key', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
];

describe('redactSecrets', () => {
  it('replaces each kind of key, and only the key', () => {
    for (const [kind, secret] of SECRETS) {
      const out = redactSecrets(`export KEY=${secret} # then more`);
      expect(out, kind).not.toContain(secret);
      expect(out, kind).toContain(`[REDACTED:`);
      expect(out, kind).toMatch(/# then more$/);
    }
  });

  it('replaces private key blocks, bearer tokens and password= values, keeping the names', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';
    expect(redactSecrets(`cat id_ed25519\n${key}\ndone`)).toBe('cat id_ed25519\n[REDACTED:private-key]\ndone');
    expect(redactSecrets('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"')).toBe(
      'curl -H "Authorization: Bearer [REDACTED:bearer-token]"',
    );
    expect(redactSecrets('DB_PASSWORD=hunter2hunter2 psql')).toBe('DB_PASSWORD=[REDACTED:password] psql');
    expect(redactSecrets('{"api_key": "abcd1234efgh"}')).toBe('{"api_key": "[REDACTED:password]"}');
    expect(redactSecrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(
      'aws_secret_access_key = [REDACTED:aws-secret]',
    );
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'npm test passed',
      'the token count is 1234',
      'enter your password:',
      'const key = sk;',
      'Bearer token',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

describe('kinds that used to pass through', () => {
  it.each([
    [
      'postgres://app:s3cr3t-Pa55@db.internal:5432/prod',
      's3cr3t-Pa55',
      'postgres://app:[REDACTED:url-password]@db.internal',
    ],
    ['redis://:r3dis!pass@cache:6379', 'r3dis!pass', 'redis://:[REDACTED:url-password]@cache'],
    [
      'curl -H "Authorization: Basic dXNlcjpodW50ZXIyaHVudGVy"',
      'dXNlcjpodW50ZXIyaHVudGVy',
      'Authorization: Basic [REDACTED:basic-auth]',
    ],
    [
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here',
      'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'token [REDACTED:jwt] here',
    ],
    [
      'HF_TOKEN hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      'hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      '[REDACTED:huggingface-token]',
    ],
    [
      '{"Credentials": {"AccessKeyId": "ASIAXXXEXAMPLEKEY123", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY", "SessionToken": "FwoGZXIvYXdzEBYaDH7example//////////wEaDEXAMPLE"}}',
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY',
      '"SecretAccessKey": "[REDACTED:password]", "SessionToken": "[REDACTED:password]"',
    ],
    ['{"client_secret": "GOCSPX-abcDEF123456"}', 'GOCSPX-abcDEF123456', '"client_secret": "[REDACTED:password]"'],
    ['{"refresh_token":"1//0gLmnopQRST"}', '1//0gLmnopQRST', '"refresh_token":"[REDACTED:password]"'],
    ['{"webhook_secret": "whsec_abc123"}', 'whsec_abc123', '"webhook_secret": "[REDACTED:password]"'],
    ['mysql -u root -pS3cretPass! mydb', 'S3cretPass!', 'mysql -u root -p[REDACTED:mysql-password] mydb'],
    ["mysqldump -h db -p'quoted pw9' app", 'quoted pw9', "-p'[REDACTED:mysql-password]' app"],
    ['psql --password Sup3rSecret -h db', 'Sup3rSecret', 'psql --password [REDACTED:password] -h db'],
    [
      'db.example.com:5432:app:alice:pgpa55word\n*:*:*:bob:other-Pw1',
      'pgpa55word',
      'db.example.com:5432:app:alice:[REDACTED:pgpass]',
    ],
  ])('%s', (text, secret, expected) => {
    const real = text.replace(/\\n/g, '\n');
    const out = redactSecrets(real);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });

  it('redacts a .pgpass line whose host and port are wildcards', () => {
    expect(redactSecrets('*:*:*:bob:other-Pw1')).toBe('*:*:*:bob:[REDACTED:pgpass]');
  });
});

describe('tool inputs', () => {
  const call = (input: unknown): AnyRecord => ({
    kind: 'tool_call',
    id: 's-t',
    call_id: 't',
    session_id: 's',
    source: 'claude-code',
    tool_name: 'Bash',
    category: 'shell',
    tool_input: JSON.stringify(input),
  });
  const inputOf = (r: AnyRecord) => JSON.parse((r as { tool_input: string }).tool_input);

  it('are redacted by value, so quotes the JSON escapes do not hide a password', () => {
    const r = redactRecord(
      call({
        command: 'export DATABASE_PASSWORD="hunter2-Secret" && curl -d \'{"password": "s3cr3t!x"}\' https://x',
        description: 'set the password',
      }),
    );
    const stored = (r as { tool_input: string }).tool_input;
    expect(stored).not.toContain('hunter2-Secret');
    expect(stored).not.toContain('s3cr3t!x');
    expect(inputOf(r)).toEqual({
      command:
        'export DATABASE_PASSWORD="[REDACTED:password]" && curl -d \'{"password": "[REDACTED:password]"}\' https://x',
      description: 'set the password',
    });
  });

  it('redact the values of secret-named keys, however deep, and keep every other value', () => {
    const r = redactRecord(
      call({
        env: { API_KEY: 'plainletters', client_secret: 'abc', n: 3, list: ['token', { access_token: 'x1y2z3w4' }] },
      }),
    );
    expect(inputOf(r)).toEqual({
      env: {
        API_KEY: '[REDACTED:password]',
        client_secret: '[REDACTED:password]',
        n: 3,
        list: ['token', { access_token: '[REDACTED:password]' }],
      },
    });
  });
});

describe('hook failures', () => {
  it("redact the hook's command line and error, and cut the error to the stored limit", () => {
    const key = SECRETS[2]![1];
    const r = limitRecord(
      redactRecord({
        kind: 'hook_event',
        id: 'h',
        session_id: 's',
        source: 'claude-code',
        outcome: 'non_blocking_error',
        command: `GITHUB_TOKEN=${key} ./notify.sh`,
        error_message: `401 for ${key}\n${'x'.repeat(10_000)}`,
      }),
    ) as Extract<AnyRecord, { kind: 'hook_event' }>;
    expect(r.command).toBe('GITHUB_TOKEN=[REDACTED:github-token] ./notify.sh');
    expect(r.error_message).not.toContain(key);
    expect(r.error_message!.startsWith('401 for [REDACTED:github-token]')).toBe(true);
    expect(Buffer.byteLength(r.error_message!)).toBeLessThanOrEqual(ERROR_MESSAGE_MAX_BYTES);
  });
});

describe('a private key marker', () => {
  it('without an END marker takes only the base64 lines after it, not the rest of the text', () => {
    const prose =
      'To parse a PEM file, look for the line -----BEGIN PRIVATE KEY----- and then ' + 'read on. '.repeat(200);
    const out = redactSecrets(prose);
    expect(out).toBe(prose.replace('-----BEGIN PRIVATE KEY-----', '[REDACTED:private-key]'));
    const cut =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdefABCDEF\nZXhhbXBsZSBrZXkgbWF0ZXJpYWw=\n\nthe key above was cut off';
    expect(redactSecrets(cut)).toBe('[REDACTED:private-key]\n\nthe key above was cut off');
  });

  it('with an END marker takes the block up to it', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    expect(redactSecrets(`a\n${key}\nb -----BEGIN PRIVATE KEY----- c`)).toBe(
      'a\n[REDACTED:private-key]\nb [REDACTED:private-key] c',
    );
  });
});

describe('redaction before the cut', () => {
  it('a key that straddles the 1 KB cut of a tool output leaves no prefix behind', () => {
    const key = 'sk-ant-api03-Xy7kQ2mN9pL4rT6vW8zA1bC3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG-AbCdEfAA';
    for (let at = 1024 - key.length; at <= 1024; at += 3) {
      const output = `${'x'.repeat(at)} ${key} and more`;
      const r = limitRecord(
        redactRecord({ kind: 'tool_result', call_id: 't', source: 'claude-code', success: true, tool_output: output }),
      ) as { tool_output: string };
      expect(r.tool_output).not.toMatch(/sk-ant/);
      expect(Buffer.byteLength(r.tool_output)).toBeLessThanOrEqual(1024);
    }
  });
});

describe('false positives', () => {
  it.each([
    'Password: must be 8 characters',
    'password: required',
    '/etc/passwd: listing',
    'cat /etc/passwd: No such file',
    'pip install sk-learn-compatible-wrapper-for-sklearn-estimators-long-slug',
    'sk-learn-compat-pipeline-with-a-very-long-slug-name',
    'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
    'id 123e4567-e89b-12d3-a456-426614174000',
    'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'Basic configuration is in README',
    'the token limit: exceeded',
    'The secret: keep it simple',
    'src/app.ts:12:5: error TS2322: wrong type',
    'at 10:30:45:123 the job ran',
    'mysql -p',
    'see https://example.com:8080/path and user@example.com',
  ])('%s is kept as it is', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('an import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-redact-'));
  const file = path.join(dir, 'sess-1.jsonl');
  const line = (o: object) =>
    JSON.stringify({ sessionId: 'sess-1', cwd: '/w', timestamp: '2026-11-20T10:00:00.000Z', ...o });
  fs.writeFileSync(
    file,
    [
      line({ type: 'user', uuid: 'u1', message: { role: 'user', content: `use ${SECRETS[0]![1]} please` } }),
      line({
        type: 'assistant',
        uuid: 'a1',
        requestId: 'r1',
        message: {
          id: 'm1',
          role: 'assistant',
          model: 'claude-sonnet-4',
          content: [
            {
              type: 'tool_use',
              id: 't1',
              name: 'Bash',
              input: { command: `GITHUB_TOKEN=${SECRETS[2]![1]} gh pr list` },
            },
          ],
        },
      }),
      line({
        type: 'user',
        uuid: 'u2',
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: `AKIAIOSFODNN7EXAMPLE`, is_error: true }],
        },
      }),
      '',
    ].join('\n'),
  );
  const stored = (db: ReturnType<typeof openDb>) =>
    JSON.stringify([
      db.prepare('SELECT text_content, title FROM messages, sessions').all(),
      db.prepare('SELECT tool_input, tool_output, error_message FROM tools').all(),
    ]);

  it('stores no secret by default, and keeps them with --no-redact', async () => {
    const db = openDb(':memory:');
    await runImport(db, { paths: [file] });
    const text = stored(db);
    for (const [, secret] of SECRETS.slice(0, 3)) expect(text).not.toContain(secret);
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).toContain('[REDACTED:anthropic-key]');
    const raw = openDb(':memory:');
    await runImport(raw, { paths: [file], redact: false });
    expect(stored(raw)).toContain(SECRETS[0]![1]);
  });
});

describe('a tool input string with a key across its 1 KB cut', () => {
  it('keeps neither the key nor its prefix, and the string is cut to 1 KB', () => {
    const key = SECRETS[0]![1];
    for (let at = 1024 - key.length; at <= 1024; at += 5) {
      const call: AnyRecord = {
        kind: 'tool_call',
        id: 's-t',
        call_id: 't',
        session_id: 's',
        source: 'claude-code',
        tool_name: 'Write',
        category: 'edit',
        tool_input: roughJson({ file_path: '/a', content: `${'x'.repeat(at)} ${key} more` })!,
      };
      const stored = JSON.parse((limitRecord(redactRecord(call)) as { tool_input: string }).tool_input);
      expect(stored.file_path).toBe('/a');
      expect(stored.content).not.toMatch(/sk-ant/);
      expect(Buffer.byteLength(stored.content)).toBeLessThanOrEqual(1024);
    }
  });
});

describe('an import of a tool output with a key across the 1 KB cut', () => {
  it('stores neither the key nor its prefix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-redact-cut-'));
    const file = path.join(dir, 's.jsonl');
    const entry = (o: object) => JSON.stringify({ sessionId: 's', timestamp: '2026-11-20T10:00:00.000Z', ...o });
    const key = SECRETS[0]![1];
    fs.writeFileSync(
      file,
      `${[
        entry({
          type: 'assistant',
          uuid: 'a1',
          message: {
            id: 'm1',
            model: 'claude-sonnet-4',
            content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }],
          },
        }),
        entry({
          type: 'user',
          uuid: 'u1',
          message: {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 't1', content: `${'x'.repeat(1000)} ${key}` }],
          },
        }),
      ].join('\n')}\n`,
    );
    const db = openDb(':memory:');
    await runImport(db, { paths: [file] });
    const { tool_output } = db.prepare('SELECT tool_output FROM tools').get() as { tool_output: string };
    expect(tool_output).not.toContain('sk-ant');
    expect(Buffer.byteLength(tool_output)).toBeLessThanOrEqual(1024);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
