import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../schema/open-db.js';
import { redactSecrets } from './redact.js';
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
