// Reading values out of parsed JSON that may hold anything: a wrong type reads as missing, never throws.
export type Json = Record<string, unknown>;

export const asObject = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

/** A non-empty string. */
export const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A whole, non-negative count (token counts, times in ms). */
export const asCount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.trunc(v) : undefined;

/** A non-negative amount (a cost in USD). */
export const asAmount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/**
 * `o[key]` for a key taken from input: only the object's own property, so a name such as
 * `toString`, `constructor` or `__proto__` reads as missing instead of as Object.prototype's.
 */
export const ownValue = <T>(o: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(o, key) ? o[key] : undefined;
