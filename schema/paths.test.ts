import { describe, expect, it } from 'vitest';
import { dataDir, resolveDbPath } from './paths.js';

describe('dataDir', () => {
  it('uses XDG_DATA_HOME on Linux', () => {
    expect(dataDir({ env: { XDG_DATA_HOME: '/x/data' }, platform: 'linux', home: '/home/u' })).toBe('/x/data/agentlog');
  });
  it('falls back to ~/.local/share, ignoring a relative XDG_DATA_HOME', () => {
    expect(dataDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.local/share/agentlog');
    expect(dataDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.local/share/agentlog',
    );
  });
  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(dataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/agentlog',
    );
    expect(
      dataDir({ env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\u' }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\agentlog');
  });
});

describe('resolveDbPath', () => {
  const env = { AGENTLOG_DB: '/env/a.db', XDG_DATA_HOME: '/x' };
  it('prefers --db, then AGENTLOG_DB, then the data directory', () => {
    expect(resolveDbPath('/flag/a.db', { env })).toBe('/flag/a.db');
    expect(resolveDbPath(undefined, { env })).toBe('/env/a.db');
    expect(resolveDbPath(undefined, { env: { XDG_DATA_HOME: '/x' }, platform: 'linux', home: '/h' })).toBe(
      '/x/agentlog/agentlog.db',
    );
  });
});
