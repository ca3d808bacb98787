/** The dashboard's query-string filters, validated: a bad date is a 400 with a short message, never SQL. */
import type { DashboardFilters } from './dashboard-queries.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The days a filter may name: wide enough for any data, narrow enough that the previous period stays a date. */
const FIRST = '1900-01-01';
const LAST = '2999-12-31';

/** A real calendar day in range (`2025-02-30` is not: Date.parse would roll it over to March 2). */
function isDay(text: string): boolean {
  if (!DATE.test(text) || text < FIRST || text > LAST) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
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
