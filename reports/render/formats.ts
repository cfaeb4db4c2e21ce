// The output formats of reports and `agentlog sql`, apart from the renderers, so the CLI can list them cheaply.
export const FORMATS = ['table', 'json', 'csv', 'markdown', 'ndjson', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The digest is a document, not rows: it takes the formats above that can carry one ('table' is
 * its plain text), and 'text', the name it had first, for the same.
 */
export const DIGEST_FORMATS = [...FORMATS.filter((f) => f !== 'csv' && f !== 'ndjson'), 'text'] as const;
export type DigestFormat = Exclude<Format, 'csv' | 'ndjson'> | 'text';
