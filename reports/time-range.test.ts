import { describe, expect, it } from 'vitest';
import { parseRange, parseTime, TimeRangeError } from './time-range.js';
import { bucketOf, checkTimeZone, isoInZone, offsetAt, TimeZoneError, wallTime, zonedToUtc } from './zoned-time.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0); // 2026-11-21 12:00 UTC

describe('parseTime', () => {
  it('reads spans back from now', () => {
    expect(parseTime('24h', 'UTC', NOW).ms).toBe(NOW - 24 * 3600_000);
    expect(parseTime('7d', 'UTC', NOW).ms).toBe(NOW - 7 * 86400_000);
    expect(parseTime('4w', 'UTC', NOW).ms).toBe(NOW - 28 * 86400_000);
    expect(parseTime('90m', 'UTC', NOW).ms).toBe(NOW - 90 * 60_000);
  });

  it('reads a date as the start of that day in the zone', () => {
    expect(parseTime('2026-11-20', 'UTC', NOW)).toEqual({ ms: Date.UTC(2026, 10, 20), wholeDay: true });
    expect(parseTime('2026-11-20', 'Europe/Berlin', NOW).ms).toBe(Date.UTC(2026, 10, 19, 23));
    expect(parseTime('2026-07-01', 'America/New_York', NOW).ms).toBe(Date.UTC(2026, 6, 1, 4));
  });

  it('reads date-times, local or with a zone', () => {
    expect(parseTime('2026-11-20T09:30', 'Europe/Berlin', NOW).ms).toBe(Date.UTC(2026, 10, 20, 8, 30));
    expect(parseTime('2026-11-20 09:30:15', 'UTC', NOW).ms).toBe(Date.UTC(2026, 10, 20, 9, 30, 15));
    expect(parseTime('2026-11-20T09:30Z', 'Asia/Tokyo', NOW).ms).toBe(Date.UTC(2026, 10, 20, 9, 30));
    expect(parseTime('2026-11-20T09:30+02:00', 'UTC', NOW).ms).toBe(Date.UTC(2026, 10, 20, 7, 30));
  });

  it('reads today and yesterday in the zone', () => {
    expect(parseTime('today', 'UTC', NOW).ms).toBe(Date.UTC(2026, 10, 21));
    expect(parseTime('yesterday', 'Asia/Tokyo', NOW).ms).toBe(Date.UTC(2026, 10, 19, 15));
  });

  it('says which forms it accepts when it cannot read one', () => {
    for (const bad of ['last week', '2026-13-01', '2026-02-30', '7 days', '25:00', '']) {
      expect(() => parseTime(bad, 'UTC', NOW)).toThrow(TimeRangeError);
    }
    expect(() => parseTime('soon', 'UTC', NOW)).toThrow(/--since "soon".*24h, 7d, 4w.*2026-11-21/);
  });
});

describe('parseRange', () => {
  it('makes a date given to --until include that whole day', () => {
    expect(parseRange('2026-11-01', '2026-11-07', 'UTC', NOW)).toEqual({
      since: Date.UTC(2026, 10, 1),
      until: Date.UTC(2026, 10, 8),
    });
    expect(parseRange(undefined, '2026-11-20T10:00', 'UTC', NOW)).toEqual({
      since: null,
      until: Date.UTC(2026, 10, 20, 10),
    });
  });

  it('refuses an empty range', () => {
    expect(() => parseRange('2026-11-10', '2026-11-01', 'UTC', NOW)).toThrow(/--until .* is not after --since/);
  });
});

describe('zoned time', () => {
  it('buckets by local day, ISO week (Monday) and month, across a DST change', () => {
    // Berlin leaves summer time on 2026-10-25 at 03:00 local (01:00 UTC).
    expect(bucketOf(Date.UTC(2026, 9, 24, 22, 30), 'day', 'Europe/Berlin')).toBe('2026-10-25');
    expect(bucketOf(Date.UTC(2026, 9, 25, 22, 30), 'day', 'Europe/Berlin')).toBe('2026-10-25');
    expect(bucketOf(Date.UTC(2026, 9, 25, 23, 30), 'day', 'Europe/Berlin')).toBe('2026-10-26');
    expect(bucketOf(Date.UTC(2026, 10, 22, 12), 'week', 'UTC')).toBe('2026-11-16'); // a Sunday
    expect(bucketOf(Date.UTC(2026, 10, 23, 12), 'week', 'UTC')).toBe('2026-11-23'); // a Monday
    expect(bucketOf(Date.UTC(2026, 10, 30, 20), 'month', 'Asia/Tokyo')).toBe('2026-12');
    // Kathmandu is UTC+05:45: the quarter-hour cache must still cut days at the right minute.
    expect(bucketOf(Date.UTC(2026, 10, 20, 18, 14), 'day', 'Asia/Kathmandu')).toBe('2026-11-20');
    expect(bucketOf(Date.UTC(2026, 10, 20, 18, 15), 'day', 'Asia/Kathmandu')).toBe('2026-11-21');
  });

  it('gives each unit and zone its own label for the same quarter hour, asked in turn', () => {
    // The quarter's wall time is shared by the units of one zone, never across zones.
    const ms = Date.UTC(2026, 9, 25, 15, 20); // a Sunday: 16:20 in Berlin, 00:20 on Monday in Tokyo
    expect(bucketOf(ms, 'hour', 'Europe/Berlin')).toBe('2026-10-25 16:00');
    expect(bucketOf(ms, 'day', 'Asia/Tokyo')).toBe('2026-10-26');
    expect(bucketOf(ms, 'hour', 'Asia/Tokyo')).toBe('2026-10-26 00:00');
    expect(bucketOf(ms, 'weekday', 'Europe/Berlin')).toBe('6');
    expect(bucketOf(ms, 'weekday', 'Asia/Tokyo')).toBe('0');
    expect(bucketOf(ms, 'week', 'Asia/Tokyo')).toBe('2026-10-26');
  });

  it('reads the wall time as formatToParts gives it, years before 1000 and far zones too', () => {
    for (const tz of ['UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Apia']) {
      const f = new Intl.DateTimeFormat('en-US', {
        ...{ timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit' },
        ...{ hour: '2-digit', minute: '2-digit', second: '2-digit' },
      });
      for (const ms of [Date.UTC(2026, 10, 21, 8, 5, 7), Date.UTC(2011, 11, 30, 10), Date.UTC(999, 0, 1), 0, -1]) {
        const parts = Object.fromEntries(
          f
            .formatToParts(ms)
            .filter((p) => p.type !== 'literal')
            .map((p) => [p.type, Number(p.value)]),
        );
        expect(wallTime(ms, tz), `${tz} ${ms}`).toEqual({
          year: parts.year,
          month: parts.month,
          day: parts.day,
          hour: parts.hour,
          minute: parts.minute,
          second: parts.second,
        });
      }
    }
  });

  it('labels every quarter hour of a year as Intl reads it, on days the offset changes too', () => {
    // Labels come from the offset at the UTC midnights around a quarter (see steadyWallTime): Lord Howe
    // changes by half an hour, Apia skipped 2011-12-30, Kathmandu went from +05:30 to +05:45 in 1986.
    const pad = (n: number) => String(n).padStart(2, '0');
    const wrong: string[] = [];
    for (const [tz, year] of [
      ['America/New_York', 2026],
      ['Australia/Lord_Howe', 2026],
      ['Pacific/Apia', 2011],
      ['Asia/Kathmandu', 1986],
    ] as const) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 15 * 60_000) {
        const w = wallTime(ms, tz);
        const day = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
        const hour = bucketOf(ms, 'hour', tz);
        if (hour !== `${day} ${pad(w.hour)}:00`) wrong.push(`${tz} ${new Date(ms).toISOString()}: ${hour}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('converts wall time to UTC and formats ISO with the offset', () => {
    expect(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 12 }, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 10));
    expect(offsetAt(Date.UTC(2026, 0, 1), 'America/New_York')).toBe(-5 * 3600_000);
    expect(isoInZone(Date.UTC(2026, 10, 21, 8, 5, 7, 9), 'Asia/Kathmandu')).toBe('2026-11-21T13:50:07.009+05:45');
  });

  it('refuses an unknown zone with a hint', () => {
    expect(checkTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(TimeZoneError);
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/IANA name/);
  });
});
