/** The pure dialect of a target, for compile and planning (no connection, no driver). */
import type { Target } from '../project/targets.js';
import type { Dialect } from './adapter.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { snowflakeDialect } from './snowflake/snowflake-dialect.js';

export function dialectFor(target: Target): Dialect {
  return target.type === 'snowflake'
    ? snowflakeDialect({ transient: target.settings['transient'] !== false })
    : duckdbDialect(target.database);
}
