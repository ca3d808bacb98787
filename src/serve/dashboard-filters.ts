/** The dashboard's query-string filters, validated: a bad date is a 400 with a short message, never SQL. */
import { isCalendarDay } from '../core/time.js';
import type { DashboardFilters } from './dashboard-queries.js';

/** The days a filter may name: wide enough for any data, narrow enough that the previous period stays a date. */
const FIRST = '1900-01-01';
const LAST = '2999-12-31';

/** A real calendar day in range. */
function isDay(text: string): boolean {
  return text >= FIRST && text <= LAST && isCalendarDay(text);
}

export function readFilters(params: URLSearchParams): DashboardFilters | string {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isDay(value))
      return `${name} must be a calendar date from ${FIRST} to ${LAST}, like 2025-01-31 (got ${JSON.stringify(value.slice(0, 40))})`;
  }
  if (from > to) return 'from must not be after to';
  return {
    from,
    to,
    country: (params.get('country') ?? '').slice(0, 100),
    segment: (params.get('segment') ?? '').slice(0, 100),
  };
}
