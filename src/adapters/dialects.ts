/** The pure dialect of a target, for compile (no connection, no driver). */
import type { Target } from '../project/targets.js';
import type { Dialect } from './adapter.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';

export function dialectFor(target: Target): Dialect {
  // The Snowflake dialect arrives with the Snowflake adapter; until then compile uses DuckDB's text
  // for the few engine-generated expressions (tests' time arithmetic).
  return duckdbDialect(target.database);
}
