/**
 * INFORMATION_SCHEMA.QUERY_HISTORY(…) as Snowflake documents it: queries whose END_TIME falls in
 * [END_TIME_RANGE_START, END_TIME_RANGE_END] (each optional), the most recent first, at most
 * RESULT_LIMIT of them (default 100, 1 to 10,000). The call becomes the loopback's table macro
 * (server-catalogs.ts defines it over the recorded statements).
 */

/** RESULT_LIMIT's default and bounds. */
export const RESULT_LIMIT = { default: 100, min: 1, max: 10_000 } as const;

/** Index of the parenthesis closing the one at `open`. */
function closing(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === "'") {
      i = sql.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
  }
  return sql.length;
}

/** `name => expr, …` at the top level of an argument list. */
function namedArguments(list: string): Map<string, string> {
  const args = new Map<string, string>();
  let depth = 0;
  let from = 0;
  const take = (to: number): void => {
    const m = /^\s*([a-z_]+)\s*=>\s*([\s\S]+?)\s*$/i.exec(list.slice(from, to));
    if (m) args.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
    from = to + 1;
  };
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) take(i);
  }
  take(list.length);
  return args;
}

function historyTable(args: Map<string, string>, invalid: (message: string) => Error): string {
  const unknown = [...args.keys()].filter(
    (k) =>
      ![
        'end_time_range_start',
        'end_time_range_end',
        'result_limit',
        'include_client_generated_statement',
      ].includes(k),
  );
  if (unknown.length > 0) throw invalid(`invalid argument ${unknown[0]?.toUpperCase()} for QUERY_HISTORY`);
  const limit = Number(args.get('result_limit') ?? RESULT_LIMIT.default);
  if (!Number.isInteger(limit) || limit < RESULT_LIMIT.min || limit > RESULT_LIMIT.max) {
    throw invalid(
      `RESULT_LIMIT must be between ${RESULT_LIMIT.min} and ${RESULT_LIMIT.max.toLocaleString('en')}, got ${args.get('result_limit') ?? ''}`,
    );
  }
  const start = args.get('end_time_range_start') ?? 'epoch_ms(0)';
  const end = args.get('end_time_range_end') ?? 'epoch_ms(253402300799000)';
  return `memory.main.loopback_query_history_page(${start}, ${end}, ${limit})`;
}

/** Every `table(<db>.information_schema.query_history(…))` → the loopback's table macro; `invalid` makes the error a bad argument raises. */
export function rewriteQueryHistory(sql: string, invalid: (message: string) => Error): string {
  const call = /\btable\s*\(\s*(?:[a-z0-9_$]+\.)?information_schema\.query_history\s*\(/i;
  let out = sql;
  for (let m = call.exec(out); m; m = call.exec(out)) {
    const open = m.index + m[0].length - 1;
    const close = closing(out, open);
    const tableClose = closing(out, out.indexOf('(', m.index));
    out = `${out.slice(0, m.index)}${historyTable(namedArguments(out.slice(open + 1, close)), invalid)}${out.slice(tableClose + 1)}`;
  }
  return out;
}
