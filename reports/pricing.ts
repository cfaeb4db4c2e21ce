// Prices of Claude and OpenAI models per million tokens, and the cost of a response from its token counts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { jsonParseProblem } from '../schema/json-error.js';
import type { z as Zod } from 'zod';
import { GEMINI_PRICES } from './gemini-prices.js';

/**
 * The schema of `pricing.json`, built from the zod it is given. zod takes ~100 ms to load, most of
 * what a report pays over start-up, and only a user's pricing.json needs it: loadPrices requires it
 * (synchronously, its CommonJS build) only when that file exists.
 */
function pricingFileSchema(z: typeof Zod) {
  /** USD per million tokens. `cache_write` is the 5-minute cache; the 1-hour cache costs `cache_write_1h`. */
  const price = z.object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cache_write: z.number().nonnegative(),
    cache_read: z.number().nonnegative(),
    cache_write_1h: z.number().nonnegative().optional(),
  });
  return z.object({ models: z.record(z.string(), price) });
}
type PricingFile = Zod.infer<ReturnType<typeof pricingFileSchema>>;
export type Price = PricingFile['models'][string];

/** When the shipped table was written; the digest and README name it. */
export const PRICES_AS_OF = '2026-11-21';

/**
 * Anthropic's list prices for the models that appear in Claude Code transcripts, checked against
 * the costs ccusage 20.0.24 (its offline LiteLLM snapshot) gives the same tokens. Keys are model
 * families: a dated model id (`claude-sonnet-4-20250514`) uses the family it starts with.
 */
export const SHIPPED_PRICES: Readonly<Record<string, Price>> = {
  'claude-opus-4-7': { input: 5, output: 25, cache_write: 6.25, cache_read: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25, cache_write: 6.25, cache_read: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cache_write: 6.25, cache_read: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, cache_write: 18.75, cache_read: 1.5 },
  'claude-opus-4': { input: 15, output: 75, cache_write: 18.75, cache_read: 1.5 },
  'claude-sonnet-4-5': { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 },
  'claude-sonnet-4': { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cache_write: 1.25, cache_read: 0.1 },
  'claude-3-7-sonnet': { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 },
  'claude-3-5-sonnet': { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cache_write: 1, cache_read: 0.08 },
  'claude-3-opus': { input: 15, output: 75, cache_write: 18.75, cache_read: 1.5 },
  'claude-3-sonnet': { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cache_write: 0.3, cache_read: 0.03 },
  // OpenAI's list prices for the models Codex CLI uses, written on 2026-11-26 from the figures
  // LiteLLM's model_prices_and_context_window.json lists (which ccusage 20.0.24 prices Codex
  // with); the test checks them against the costs ccusage gives the Codex samples. OpenAI does not
  // charge cache writes apart from input, so `cache_write` is the input price. A more specific key
  // wins over its prefix: `gpt-5-codex` is not priced as `gpt-5`, `gpt-4.1-mini` not as `gpt-4.1`.
  'gpt-5': { input: 1.25, output: 10, cache_write: 1.25, cache_read: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cache_write: 1.25, cache_read: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cache_write: 0.25, cache_read: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cache_write: 0.05, cache_read: 0.005 },
  'gpt-5.1': { input: 1.25, output: 10, cache_write: 1.25, cache_read: 0.125 },
  'gpt-5.1-codex': { input: 1.25, output: 10, cache_write: 1.25, cache_read: 0.125 },
  'gpt-5.1-codex-max': { input: 1.25, output: 10, cache_write: 1.25, cache_read: 0.125 },
  'gpt-5.1-codex-mini': { input: 0.25, output: 2, cache_write: 0.25, cache_read: 0.025 },
  'gpt-5.2': { input: 1.75, output: 14, cache_write: 1.75, cache_read: 0.175 },
  'gpt-5.2-codex': { input: 1.75, output: 14, cache_write: 1.75, cache_read: 0.175 },
  'codex-mini': { input: 1.5, output: 6, cache_write: 1.5, cache_read: 0.375 },
  // gpt-5-pro has no cached-input price: cached input costs as much as input.
  'gpt-5-pro': { input: 15, output: 120, cache_write: 15, cache_read: 15 },
  o3: { input: 2, output: 8, cache_write: 2, cache_read: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cache_write: 1.1, cache_read: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cache_write: 1.1, cache_read: 0.275 },
  'gpt-4.1': { input: 2, output: 8, cache_write: 2, cache_read: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cache_write: 0.4, cache_read: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cache_write: 0.1, cache_read: 0.025 },

  ...GEMINI_PRICES,
};

export class PricingError extends Error {}

const PRICING_SHAPE =
  'Expected {"models": {"<model>": {"input": 3, "output": 15, "cache_write": 3.75, "cache_read": 0.3}}} in USD per million tokens.';

/** The shipped table with the user's `pricing.json` (in agentlog's config directory) laid over it. */
export function loadPrices(configDir: string): Record<string, Price> {
  const file = path.join(configDir, 'pricing.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { ...SHIPPED_PRICES };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PricingError(`${file} is not valid JSON at ${jsonParseProblem(text, err)}\n${PRICING_SHAPE}`);
  }
  const { z } = createRequire(import.meta.url)('zod') as { z: typeof Zod };
  let parsed: PricingFile;
  try {
    parsed = pricingFileSchema(z).parse(json);
  } catch (err) {
    const detail = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
    throw new PricingError(`${file} is not a valid pricing file: ${detail}\n${PRICING_SHAPE}`);
  }
  return { ...SHIPPED_PRICES, ...parsed.models };
}

/** `us.anthropic.claude-sonnet-4-20250514-v1:0` -> `claude-sonnet-4`: the family a model id belongs to. */
export function modelFamily(model: string): string {
  return model
    .toLowerCase()
    .replace(/^.*\//, '')
    .replace(/^(?:[a-z]{2}\.)?anthropic\./, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/@\d{8}$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-latest$/, '');
}

export class PriceBook {
  private readonly cache = new Map<string, Price | null>();
  /** Models asked about that have no price: the caller warns once for each. */
  readonly unpriced = new Set<string>();

  constructor(private readonly prices: Record<string, Price>) {}

  priceOf(model: string): Price | null {
    let p = this.cache.get(model);
    if (p === undefined) {
      p = this.own(model) ?? this.own(modelFamily(model)) ?? this.longestPrefix(modelFamily(model));
      this.cache.set(model, p);
    }
    return p;
  }

  /** A model name is data: `constructor` or `__proto__` is a model without a price, not a property. */
  private own(key: string): Price | undefined {
    return Object.hasOwn(this.prices, key) ? this.prices[key] : undefined;
  }

  private longestPrefix(family: string): Price | null {
    let best: string | undefined;
    for (const key of Object.keys(this.prices)) {
      if (family.startsWith(`${key}-`) && (!best || key.length > best.length)) best = key;
    }
    return best ? this.prices[best]! : null;
  }

  /**
   * USD for one response, or null (and the model remembered) when the model has no price.
   * `cacheWrite1h` is the part of `cacheWrite` that went to the 1-hour cache.
   */
  cost(
    model: string | null,
    input: number,
    output: number,
    cacheWrite: number,
    cacheWrite1h: number,
    cacheRead: number,
  ): number | null {
    if (!model) return null;
    const p = this.priceOf(model);
    if (!p) {
      this.unpriced.add(model);
      return null;
    }
    const oneHour = Math.min(cacheWrite1h, cacheWrite);
    const perMillion =
      input * p.input +
      output * p.output +
      (cacheWrite - oneHour) * p.cache_write +
      oneHour * (p.cache_write_1h ?? p.input * 2) +
      cacheRead * p.cache_read;
    return perMillion / 1_000_000;
  }
}
