// The output formats of reports and `agentlog sql`, apart from the renderers, so the CLI can list them cheaply.
export const FORMATS = ['table', 'json', 'csv', 'markdown', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];
