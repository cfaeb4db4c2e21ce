// What of a record's text is stored: secrets redacted (unless turned off), then cut to the limits.
import { limitRecord } from '../agents/text-limits.js';
import type { AnyRecord } from '../schema/records.js';
import { redactRecord } from './redact.js';

/** Redaction first, then the cut: a secret straddling the limit must not leave its prefix behind. */
export const storedRecord = (redact: boolean): ((record: AnyRecord) => AnyRecord) =>
  redact ? (record) => limitRecord(redactRecord(record)) : limitRecord;
