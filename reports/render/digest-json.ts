// The digest for programs: the same data, with times as ISO 8601 in the digest's zone, like the reports.
import type { Digest } from '../digest.js';
import { hotFiles } from '../defs/hot-files.js';
import { projects } from '../defs/projects.js';
import type { Column, Report } from '../report.js';
import type { Row } from '../run-report.js';
import { isoInZone } from '../zoned-time.js';
import { dataValue } from './values.js';

const columnsOf = (r: Report) => r.columns as readonly Column[];

/** Each row's values as the JSON renderer gives them (times ISO with the offset); other keys kept. */
function rowsIn(rows: Row[], columns: readonly Column[], tz: string): Row[] {
  return rows.map((r) => {
    const out: Row = { ...r };
    for (const c of columns) if (c.key in r) out[c.key] = dataValue(r[c.key], c.type, tz);
    return out;
  });
}

export function digestJson(d: Digest): string {
  return `${JSON.stringify(
    {
      ...d,
      since: isoInZone(d.since, d.tz),
      until: isoInZone(d.until, d.tz),
      projects: rowsIn(d.projects, columnsOf(projects), d.tz),
      hotFiles: rowsIn(d.hotFiles, columnsOf(hotFiles), d.tz),
    },
    null,
    2,
  )}\n`;
}
