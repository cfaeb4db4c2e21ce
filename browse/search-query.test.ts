import { describe, expect, it } from 'vitest';
import { ftsQuery, SearchQueryError } from './search-query.js';

describe('ftsQuery', () => {
  it('passes words, phrases, prefixes, operators and groups through', () => {
    expect(ftsQuery('rewrites basePath')).toBe('rewrites basePath');
    expect(ftsQuery('"set up rewrites" AND (js OR css) NOT deploy*')).toBe(
      '"set up rewrites" AND ( js OR css ) NOT deploy*',
    );
    expect(ftsQuery('"set up rew"*')).toBe('"set up rew"*');
  });

  it('quotes words FTS5 would read as syntax', () => {
    expect(ftsQuery('next.config.js')).toBe('"next.config.js"');
    expect(ftsQuery('npm run build-prod')).toBe('npm run "build-prod"');
    expect(ftsQuery('src/app*')).toBe('"src/app"*');
    expect(ftsQuery('col:value')).toBe('"col:value"');
    expect(ftsQuery('--- ok')).toBe('ok');
  });

  it('refuses a query with nothing to search', () => {
    expect(() => ftsQuery('   ')).toThrow(SearchQueryError);
    expect(() => ftsQuery('NOT ()')).toThrow(SearchQueryError);
    expect(() => ftsQuery('"open')).toThrow(/unclosed quote/);
  });
});
