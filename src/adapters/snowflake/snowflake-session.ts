/**
 * What every new Snowflake session is told before its first statement. snowflake-sdk sends only a
 * fixed set of session parameters at login (lib/services/sf.js: keep-alive, JS_TREAT_INTEGER_AS_BIGINT,
 * QUERY_TAG, …), so the target's settings become ALTER SESSION statements on each new session.
 *
 * `query_timeout` (seconds) → STATEMENT_TIMEOUT_IN_SECONDS: Snowflake cancels a statement running
 * longer with error 000630. Without it the warehouse's or account's setting applies (Snowflake's
 * default: 172,800 s).
 */
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import { QUERY_TIMEOUT_HINT, readQueryTimeout } from '../../project/query-timeout.js';
import type { Target } from '../../project/targets.js';

/**
 * TIMEZONE = UTC on every session: Forge writes TIMESTAMP_NTZ values in UTC, and Snowflake's clock
 * (CURRENT_TIMESTAMP, CURRENT_DATE) reads in the session's zone, America/Los_Angeles by default —
 * freshness, recency, microbatch windows and snapshot times would be off by the zone's offset.
 */
const UTC = "alter session set timezone = 'UTC'";

export function sessionStatements(target: Target): string[] {
  const value = target.settings['query_timeout'];
  if (value === undefined) return [UTC];
  const read = readQueryTimeout(value);
  // a literal was checked with project.yml; a value from an environment variable is checked here
  if ('problem' in read)
    throw ForgeError.of(
      Codes.projectInvalid,
      `target "${target.name}": ${read.problem}`,
      { file: 'project.yml' },
      QUERY_TIMEOUT_HINT,
    );
  return [UTC, `alter session set statement_timeout_in_seconds = ${read.seconds}`];
}
