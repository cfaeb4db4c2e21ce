// The page made by `agentlog html` from the demo transcripts, opened in a real headless Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnValues, type OpenedPage, openPage } from '../../../test/browser.fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'dist/bin/agentlog.js');
const DEMO = path.join(ROOT, 'fixtures/demo/claude/projects');

let dir: string;
let html: string;
let opened: OpenedPage;

/** agentlog with a temporary HOME and XDG folders, so nothing outside the test's folder is touched. */
function agentlog(...args: string[]) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_STATE_HOME: path.join(dir, 'state'),
    AGENTLOG_DB: path.join(dir, 'agentlog.db'),
  };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-browser-'));
  html = path.join(dir, 'report.html');
  agentlog('import', '--quiet', DEMO);
  agentlog('html', '--since', '2020-01-01', '--until', '2027-01-01', '--tz', 'UTC', '--out', html);
  opened = await openPage(html);
});

afterAll(async () => {
  await opened?.close();
  // The folder (with the screenshot) is left for a person to look at; the OS cleans its temp folder.
});

describe('the html page in Chromium', () => {
  it('loads with no console errors and no request beyond its own file', async () => {
    expect(await opened.page.title()).toBe('agentlog report');
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.requests).toEqual([]);
  });

  it('draws every chart at a non-zero size with visible shapes', async () => {
    const charts = await opened.charts();
    expect(charts.length).toBeGreaterThanOrEqual(10);
    for (const c of charts) {
      expect(c.width, c.label).toBeGreaterThan(100);
      expect(c.height, c.label).toBeGreaterThan(50);
      expect(c.drawn, c.label).toBeGreaterThan(0);
    }
  });

  it('sorts the sessions table by a column, both ways, when its header is clicked', async () => {
    const table = '#r-sessions table';
    const cost = 7; // Session, Title, Project, Tool calls, Failures, Duration, Tokens, Cost
    const tokens = 6;
    const numbers = (vs: string[]) => vs.filter((v) => v !== '').map(Number);
    const before = numbers(await columnValues(opened.page, table, tokens));
    expect(before.length).toBeGreaterThan(5);
    const header = opened.page.locator(`${table} th`).nth(tokens).locator('button');
    await header.click();
    const up = numbers(await columnValues(opened.page, table, tokens));
    expect(up).toEqual([...before].sort((a, b) => a - b));
    await header.click();
    expect(numbers(await columnValues(opened.page, table, tokens))).toEqual([...before].sort((a, b) => b - a));
    expect(await opened.page.locator(`${table} th`).nth(tokens).getAttribute('aria-sort')).toBe('descending');
    // Empty costs (a model without a price) stay at the bottom either way.
    await opened.page.locator(`${table} th`).nth(cost).locator('button').click();
    const costs = await columnValues(opened.page, table, cost);
    const firstEmpty = costs.indexOf('');
    if (firstEmpty >= 0) expect(costs.slice(firstEmpty).every((v) => v === '')).toBe(true);
    expect(opened.consoleErrors).toEqual([]);
  });

  it('saves a screenshot of the whole page in the test folder', async () => {
    const png = path.join(dir, 'report.png');
    await opened.page.screenshot({ path: png, fullPage: true });
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(900); // width from the IHDR chunk
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(2000); // a tall page: every section drawn
  });
});
