// user-rejected-tool runs error_kind() only on messages its LIKE terms pass: they must pass every
// message the rejection rule of schema/error-kind.ts matches, in any case.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorKind, REJECTED_BY_USER, RULES } from '../../schema/error-kind.js';
import { userRejectedTool } from './defs/user-rejected-tool.js';

const prefilter = /OR \(\((t\.error_message LIKE .*?)\)\s+AND error_kind/s.exec(userRejectedTool.sql)![1]!;

describe('user-rejected-tool', () => {
  it("the rejection rule's words are the prefilter's: a change to one needs a change to the other", () => {
    const rule = RULES.find(([, kind]) => kind === REJECTED_BY_USER)![0];
    expect(rule.source).toBe(
      "doesn't want to (?:proceed|take this action)|tool use was rejected|User rejected|rejected by (?:the )?user",
    );
  });

  it('its LIKE terms pass each wording of a rejection in any case, and skip other messages', () => {
    const db = new Database(':memory:');
    const passes = db.prepare(`SELECT (${prefilter}) AS ok FROM (SELECT ? AS error_message) AS t`).pluck();
    const rejections = [
      "The user doesn't want to proceed with this tool use.",
      "THE USER DOESN'T WANT TO TAKE THIS ACTION right now",
      'The tool use was Rejected',
      'user REJECTED the edit',
      'Rejected By The User',
      'rejected by user',
    ];
    for (const m of rejections) {
      expect(errorKind(m)).toBe(REJECTED_BY_USER);
      expect(passes.get(m)).toBe(1);
    }
    expect(passes.get('Exit code 1')).toBe(0);
    expect(passes.get('File has not been read yet')).toBe(0);
    db.close();
  });
});
