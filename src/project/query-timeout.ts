/**
 * A target's `query_timeout`: whole seconds after which the warehouse cancels a running statement
 * (Snowflake's STATEMENT_TIMEOUT_IN_SECONDS, set on every session). Absent: the warehouse's own
 * setting, on Snowflake by default 172,800 s (two days). Snowflake takes at most 604,800 (seven days);
 * its 0 means "no timeout", which is what leaving the key out already says, so Forge asks for ≥ 1.
 */
import { isPlainObject, type YamlValidator } from './validate.js';
import type { YamlPath } from './yaml-file.js';

const MAX_QUERY_TIMEOUT_SECONDS = 604_800;

export const QUERY_TIMEOUT_HINT =
  "write e.g. query_timeout: 3600 (seconds), or leave it out for the warehouse's own timeout";

/** The value as seconds, or why it is not a usable timeout. */
export function readQueryTimeout(
  value: string | number | boolean,
): { readonly seconds: number } | { readonly problem: string } {
  const text = String(value).trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(seconds) || seconds < 1)
    return {
      problem: `query_timeout must be a whole number of seconds, at least 1, got ${JSON.stringify(value)}`,
    };
  if (seconds > MAX_QUERY_TIMEOUT_SECONDS)
    return {
      problem: `query_timeout may be at most ${MAX_QUERY_TIMEOUT_SECONDS.toLocaleString('en')} seconds (7 days, Snowflake's limit), got ${seconds}`,
    };
  return { seconds };
}

/** Checks a literal `query_timeout` in project.yml (an env reference is checked when the session opens). */
export function validateQueryTimeout(value: unknown, path: YamlPath, v: YamlValidator): void {
  if (value === undefined || (isPlainObject(value) && typeof value['env'] === 'string')) return;
  const read =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? readQueryTimeout(value)
      : { problem: 'query_timeout must be a whole number of seconds' };
  if ('problem' in read) v.error(path, read.problem, QUERY_TIMEOUT_HINT);
}
