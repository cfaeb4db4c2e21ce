// Opens a page in Debian's real Chromium (through playwright-core, which downloads no browser) and
// reports what a person would see: console errors, network requests, drawn charts, a screenshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChartBox {
  label: string;
  width: number;
  height: number;
  /** Shapes (bars, cells) with a non-zero area. */
  drawn: number;
}

export interface OpenedPage {
  page: Page;
  consoleErrors: string[];
  /** Every request that is not the page's own file. */
  requests: string[];
  charts(): Promise<ChartBox[]>;
  close(): Promise<void>;
}

/** Opens `file` from file:// in a fresh profile; the caller closes it. */
export async function openPage(
  file: string,
  opts: { colorScheme?: 'light' | 'dark'; width?: number } = {},
): Promise<OpenedPage> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: opts.width ?? 900, height: 1000 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const url = `file://${path.resolve(file)}`;
  context.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    consoleErrors,
    requests,
    charts: () =>
      page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const drawn = [...svg.querySelectorAll('rect')].filter((r) => {
            const b = r.getBoundingClientRect();
            return b.width > 0 && b.height > 0;
          }).length;
          return { label: svg.querySelector('title')?.textContent ?? '', width: box.width, height: box.height, drawn };
        }),
      ),
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The texts of one column of a table on the page, top to bottom. */
export const columnValues = (page: Page, tableSelector: string, column: number) =>
  page.$$eval(
    `${tableSelector} tbody tr`,
    (rows, col) => rows.map((r) => (r as HTMLTableRowElement).cells[col]!.getAttribute('data-v') ?? ''),
    column,
  );

/** A screenshot of `file`: the whole page, or its first `height` pixels (the README's picture is made with this). */
export async function screenshot(
  file: string,
  png: string,
  opts: { colorScheme?: 'light' | 'dark'; height?: number } = {},
): Promise<void> {
  const opened = await openPage(file, opts);
  try {
    await opened.page.screenshot({
      path: png,
      fullPage: true,
      ...(opts.height ? { clip: { x: 0, y: 0, width: 900, height: opts.height } } : {}),
    });
  } finally {
    await opened.close();
  }
}
