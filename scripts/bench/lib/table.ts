import type { Row } from './result.js';

const fmt = (n: number): string =>
  Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(Number.isInteger(n) ? n : Number(n.toFixed(2)));

/** The results as one markdown table (pasteable into the README). */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| Scenario | Subject | Metric | Value | Ratio (same run) | Goal | Met | Notes |',
    '| --- | --- | --- | ---: | --- | --- | :---: | --- |',
  ];
  for (const r of rows) {
    const value = r.value === null ? 'n/a' : `${fmt(r.value)} ${r.unit}`.trim();
    const ratio = r.ratio ? (r.ratio.value === null ? `n/a vs ${r.ratio.vs}` : `${r.ratio.value.toFixed(2)}× ${r.ratio.vs}`) : '';
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    const note = (r.note ?? '').replace(/\|/g, '/');
    lines.push(`| ${r.scenario} | ${r.subject} | ${r.metric} | ${value} | ${ratio} | ${r.goal ?? ''} | ${met} | ${note} |`);
  }
  return lines.join('\n');
}
