// Google's list prices of the Gemini models the Gemini CLI uses (USD per million tokens), kept apart from the Claude rows.
import type { Price } from './pricing.js';

/** When these rows were written. */
export const GEMINI_PRICES_AS_OF = '2026-11-26';

/**
 * Paid-tier prices of the Gemini API for prompts up to 200k tokens, checked against ccusage
 * 20.0.24 (`ccusage gemini session --offline`, its LiteLLM snapshot) on one response per model and
 * kind of token: 2.5 Pro/Flash/Flash-Lite and 3 Pro/3.1 Pro/3 Flash previews agree. Thoughts are
 * billed as output (agentlog's completion tokens hold them; so does ccusage's cost). Gemini has no
 * cache-write charge (implicit caching); cached prompt tokens cost `cache_read`.
 *
 * Not expressible here: the long-context tier of the Pro models (a response whose prompt is over
 * 200k tokens costs 2.50/15/0.25 on 2.5 Pro and 4/18/0.40 on 3 Pro for input/output/cache read):
 * reports price summed tokens per model (cost is taken as linear), so such responses are priced at
 * the lower tier. The 2.0 rows are Google's list prices; ccusage's snapshot differs there (2.0
 * Flash output 0.42, 2.0 Flash-Lite 0.052/0.21).
 */
export const GEMINI_PRICES: Readonly<Record<string, Price>> = {
  'gemini-3.1-pro-preview': { input: 2, output: 12, cache_write: 0, cache_read: 0.2 },
  'gemini-3-pro-preview': { input: 2, output: 12, cache_write: 0, cache_read: 0.2 },
  'gemini-3-flash-preview': { input: 0.5, output: 3, cache_write: 0, cache_read: 0.05 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cache_write: 0, cache_read: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cache_write: 0, cache_read: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cache_write: 0, cache_read: 0.01 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cache_write: 0, cache_read: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3, cache_write: 0, cache_read: 0.075 },
};
