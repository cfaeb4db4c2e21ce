// The page's one stylesheet: light and dark colours, chart classes, print layout.
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d232b; --muted: #5b6673; --line: #d7dce2; --panel: #f5f7f9;
  --s0: #3b6fd4; --s1: #e08a1e; --s2: #2f9e6a; --s3: #c9463d; --s4: #8a5cc7; --s5: #1c9bb0; --s6: #b5608f; --s7: #7c8a2e;
  --heat: #3b6fd4; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15191e; --fg: #e3e8ee; --muted: #9aa5b1; --line: #323a44; --panel: #1d232a;
    --s0: #6d9cf0; --s1: #f0a443; --s2: #4cc08a; --s3: #ec6d64; --s4: #ad86e6; --s5: #44c0d3; --s6: #d786b2; --s7: #a9b84f;
    --heat: #6d9cf0; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 860px; padding: 24px 20px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 2px; }
header p, .desc, figcaption, caption, .empty { color: var(--muted); }
.desc { margin: 0 0 10px; }
section { border-top: 1px solid var(--line); padding: 18px 0 8px; }
figure { margin: 0 0 8px; }
figcaption { font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg text { fill: currentColor; font-size: 11px; }
svg .tick, svg .value { fill: var(--muted); }
svg .axis-title { font-size: 11px; font-weight: 600; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
.s0 { fill: var(--s0); background: var(--s0); } .s1 { fill: var(--s1); background: var(--s1); }
.s2 { fill: var(--s2); background: var(--s2); } .s3 { fill: var(--s3); background: var(--s3); }
.s4 { fill: var(--s4); background: var(--s4); } .s5 { fill: var(--s5); background: var(--s5); }
.s6 { fill: var(--s6); background: var(--s6); } .s7 { fill: var(--s7); background: var(--s7); }
svg .heat { fill: var(--heat); } svg .heat0 { fill: var(--panel); }
.legend { list-style: none; margin: 4px 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(370px, 1fr)); gap: 4px 12px; }
details { margin: 4px 0 8px; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.scroll { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; font-size: 12.5px; margin-top: 6px; }
table.data caption { text-align: left; font-size: 12px; padding-bottom: 4px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
table.data .num { text-align: right; white-space: nowrap; }
table.data th button { all: unset; cursor: pointer; font-weight: 600; }
table.data th button:focus-visible { outline: 2px solid var(--s0); }
table.data th[aria-sort="ascending"] button::after { content: " ▲"; }
table.data th[aria-sort="descending"] button::after { content: " ▼"; }
table.findings { border-collapse: collapse; width: 100%; font-size: 12.5px; margin-top: 6px; }
table.findings caption { text-align: left; font-size: 12px; padding-bottom: 4px; }
table.findings th, table.findings td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
table.findings .num { text-align: right; white-space: nowrap; }
table.findings p { margin: 4px 0; }
table.findings pre { margin: 4px 0; padding: 6px 8px; background: var(--panel); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
.fid { color: var(--muted); font-size: 12px; }
.totals { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 14px 0 4px; padding: 0; list-style: none; }
.totals b { display: block; font-size: 20px; }
.empty { font-style: italic; }
footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; }
  body { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  summary { display: none; }
  table.data th button::after { content: none !important; }
}
`;
