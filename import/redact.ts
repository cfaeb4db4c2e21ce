// Removes secrets from text before it is stored: provider API keys, private keys, bearer tokens, password=… assignments.
import type { AnyRecord } from '../schema/records.js';

const RULES: [kind: string, pattern: RegExp, keep?: string][] = [
  ['private-key', /-----BEGIN ([A-Z0-9 ]+ )?PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9 ]+ )?PRIVATE KEY-----|$)/g],
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{20,}/g],
  ['openai-key', /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g],
  ['aws-access-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['aws-secret', /(aws_secret_access_key\s*[=:]\s*["']?)[A-Za-z0-9/+=]{40}/gi, '$1'],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
  ['stripe-key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ['google-key', /\bAIza[0-9A-Za-z_-]{35}\b/g],
  ['bearer-token', /(\bBearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g, '$1'],
  [
    'password',
    /(\b[A-Za-z_]*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)["']?\s*[=:]\s*["']?)(?!\[REDACTED)[^\s"',;&()]{4,}/gi,
    '$1',
  ],
];

// One cheap scan decides whether any rule can match; most text has none of these.
const TRIGGER =
  /PRIVATE KEY|sk-|gh[pousr]_|github_pat_|AKIA|ASIA|aws_secret|xox[abposr]-|_live_|_test_|AIza|Bearer|passw|pwd|secret|api[_-]?key|token/i;

export function redactSecrets(text: string): string {
  if (!TRIGGER.test(text)) return text;
  let out = text;
  for (const [kind, pattern, keep] of RULES) out = out.replace(pattern, `${keep ?? ''}[REDACTED:${kind}]`);
  return out;
}

/** The record with its free text redacted: message text, tool input and output, error text, titles. */
export function redactRecord(r: AnyRecord): AnyRecord {
  switch (r.kind) {
    case 'message':
      return r.text ? { ...r, text: redactSecrets(r.text) } : r;
    case 'tool_call':
      return r.tool_input ? { ...r, tool_input: redactSecrets(r.tool_input) } : r;
    case 'tool_result':
      return {
        ...r,
        ...(r.tool_output ? { tool_output: redactSecrets(r.tool_output) } : {}),
        ...(r.error_message ? { error_message: redactSecrets(r.error_message) } : {}),
      };
    case 'session':
      return r.title ? { ...r, title: redactSecrets(r.title) } : r;
    case 'session_error':
      return r.error_message ? { ...r, error_message: redactSecrets(r.error_message) } : r;
    default:
      return r;
  }
}
