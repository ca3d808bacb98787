/**
 * Microbatch: an incremental model processed in time windows of `batch_size` on `event_time`. Each
 * window is replaced whole (delete the window, insert it again) in its own transaction, so a rerun
 * or a backfill of any range is idempotent. Windows run from `begin` (first build, full refresh) or
 * from `lookback` windows before the newest loaded one, up to now; `--event-time-start/--event-time-end`
 * choose the range explicitly.
 */
import { parseLookback } from '../core/lookback.js';
import type { BatchSize } from '../core/materialization.js';
import type { Relation } from '../core/relation.js';
import type { Dialect } from '../adapters/adapter.js';

export interface Window {
  readonly start: Date;
  readonly end: Date;
}

export function truncate(date: Date, size: BatchSize): Date {
  const d = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      size === 'year' ? 0 : date.getUTCMonth(),
      size === 'day' || size === 'hour' ? date.getUTCDate() : 1,
      size === 'hour' ? date.getUTCHours() : 0,
    ),
  );
  return d;
}

export function advance(date: Date, size: BatchSize, steps = 1): Date {
  const d = new Date(date.getTime());
  if (size === 'hour') d.setUTCHours(d.getUTCHours() + steps);
  else if (size === 'day') d.setUTCDate(d.getUTCDate() + steps);
  else if (size === 'month') d.setUTCMonth(d.getUTCMonth() + steps);
  else d.setUTCFullYear(d.getUTCFullYear() + steps);
  return d;
}

/** The windows covering [from, to), aligned on `size`. */
export function windows(from: Date, to: Date, size: BatchSize): Window[] {
  const out: Window[] = [];
  for (let start = truncate(from, size); start < to; start = advance(start, size))
    out.push({ start, end: advance(start, size) });
  return out;
}

function windowSql(dialect: Dialect, sql: string, eventTime: string, window: Window): string {
  return `select * from (\n${sql}\n) as forge_source\nwhere ${eventTime} >= ${dialect.timestamp(window.start)} and ${eventTime} < ${dialect.timestamp(window.end)}`;
}

export function planWindow(
  dialect: Dialect,
  target: Relation,
  sql: string,
  eventTime: string,
  window: Window,
  columns: readonly string[],
): string[] {
  const t = dialect.relation(target);
  const list = columns.join(', ');
  return [
    `delete from ${t} where ${eventTime} >= ${dialect.timestamp(window.start)} and ${eventTime} < ${dialect.timestamp(window.end)}`,
    `insert into ${t} (${list})\nselect ${list} from (\n${windowSql(dialect, sql, eventTime, window)}\n) as forge_window`,
  ];
}

/**
 * Where a build starts again: a number counts windows before the newest loaded one (default 1, as in
 * dbt); an interval (`"3 days"`) reaches that far back from the newest loaded event, so a month batch
 * is redone only while rows for it can still arrive; `"none"` redoes nothing already built (windows
 * that are final once built). Undefined for other text.
 */
export function lookbackStart(newest: Date, size: BatchSize, lookback: unknown): Date | undefined {
  const parsed =
    lookback === undefined || lookback === null
      ? { kind: 'number' as const, value: 1 }
      : parseLookback(lookback);
  if (!parsed) return undefined;
  if (parsed.kind === 'number') return advance(truncate(newest, size), size, -parsed.value);
  // "none": windows already built are final; only the ones after the newest built window run
  if (parsed.kind === 'none') return advance(truncate(newest, size), size, 1);
  if (parsed.unit === 'month') return truncate(monthsBefore(newest, parsed.amount), size);
  return truncate(new Date(newest.getTime() - parsed.amount * (UNIT_MS[parsed.unit] ?? 0)), size);
}

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** The same day `months` earlier, clamped to the month's last day (31 March − 1 month = 28 February). */
function monthsBefore(date: Date, months: number): Date {
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1);
  const year = new Date(first).getUTCFullYear(),
    month = new Date(first).getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ),
  );
}
