/** Query rows as an aligned text table (show output, failing test rows). */
import type { QueryResult } from '../adapters/adapter.js';

export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) => result.columns.map((c) => formatCell(row[c])));
  const widths = result.columns.map((c, i) =>
    Math.min(40, Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length))),
  );
  const line = (values: string[]): string =>
    values.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join(' | ');
  return [
    line([...result.columns]),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map(line),
    `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
