/**
 * A run's statements from Snowflake's INFORMATION_SCHEMA.QUERY_HISTORY table function. The function
 * returns at most RESULT_LIMIT rows (10,000 at most), the most recently ended first, before any WHERE
 * applies — one call sees only the last 10,000 queries. So the history is read page by page back in
 * time: each page ends where the previous one's oldest query ended, until a page is not full or
 * reaches back past the run's start. Queries ending in the millisecond two pages share come twice
 * and count once (by query id).
 */
import type { Connection } from '../adapters/adapter.js';
import { sqlString } from '../core/sql-string.js';

/** Snowflake's largest RESULT_LIMIT: a page holds at most this many queries. */
export const QUERY_HISTORY_PAGE_ROWS = 10_000;

export interface HistoryRow {
  readonly queryId: string;
  readonly queryTag: string;
  readonly elapsedMs: number;
  readonly executionMs: number;
  readonly warehouseSize: string;
}

/** Epoch milliseconds: the run's statements ended in [from, to]; `from` unknown: as far back as the function goes (7 days). */
export interface HistoryWindow {
  readonly from?: number;
  readonly to: number;
}

interface Page {
  readonly rows: number;
  readonly oldestMs: number;
  /** The run's statements this page added (not seen on a newer page). */
  readonly added: number;
  readonly seenBefore: number;
}

/** Where the next page ends, or undefined when this page was the last. */
export function nextPageEnd(
  page: Page,
  end: number,
  window: HistoryWindow,
  pageRows: number,
): number | undefined {
  if (page.rows < pageRows) return undefined;
  if (window.from !== undefined && page.oldestMs <= window.from) return undefined;
  // without the run's start: a page adding none of its statements after some were found is older than the run
  if (window.from === undefined && page.added === 0 && page.seenBefore > 0) return undefined;
  // one millisecond past the oldest, so its queries come again whether Snowflake's range end is inclusive or not
  return page.oldestMs + 1 < end ? page.oldestMs + 1 : end - 1;
}

function historyTable(database: string, window: HistoryWindow, end: number, pageRows: number): string {
  const start =
    window.from === undefined
      ? ''
      : `end_time_range_start => to_timestamp_ltz(${Math.floor(window.from)}, 3), `;
  return `table(${database}.information_schema.query_history(${start}end_time_range_end => to_timestamp_ltz(${Math.floor(end)}, 3), result_limit => ${pageRows}))`;
}

/** Every statement whose query tag matches `tagPattern` (a LIKE pattern) that ended in the window. */
export async function readRunHistory(
  connection: Connection,
  database: string,
  tagPattern: string,
  window: HistoryWindow,
  pageRows = QUERY_HISTORY_PAGE_ROWS,
): Promise<HistoryRow[]> {
  const found = new Map<string, HistoryRow>();
  for (let end: number | undefined = window.to; end !== undefined;) {
    const table = historyTable(database, window, end, pageRows);
    const stats =
      (
        await connection.query(
          `select count(*) as n, min(date_part(epoch_millisecond, end_time)) as oldest_ms from ${table}`,
        )
      ).rows[0] ?? {};
    const tagged = await connection.query(
      `select query_id, query_tag, total_elapsed_time, execution_time, warehouse_size from ${table}\nwhere query_tag like ${sqlString(tagPattern)}`,
    );
    const seenBefore = found.size;
    for (const r of tagged.rows) {
      found.set(String(r['query_id']), {
        queryId: String(r['query_id']),
        queryTag: String(r['query_tag']),
        elapsedMs: Number(r['total_elapsed_time'] ?? 0),
        executionMs: Number(r['execution_time'] ?? 0),
        warehouseSize: String(r['warehouse_size'] ?? 'X-Small'),
      });
    }
    end = nextPageEnd(
      {
        rows: Number(stats['n'] ?? 0),
        oldestMs: Number(stats['oldest_ms'] ?? 0),
        added: found.size - seenBefore,
        seenBefore,
      },
      end,
      window,
      pageRows,
    );
  }
  return [...found.values()];
}
