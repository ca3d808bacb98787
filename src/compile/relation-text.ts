/**
 * How a relation is written in compiled SQL. Names are never quoted (DuckDB compares unquoted
 * names case-insensitively, Snowflake upper-cases them): what the user wrote is what runs.
 * DuckDB omits the catalog when it is the target's own file, so compiled SQL still runs when the
 * file is attached under another name; Snowflake always writes database.schema.name.
 */
import type { Relation } from '../core/relation.js';
import type { Target } from '../project/targets.js';

export function relationText(relation: Relation, target: Target): string {
  if (target.type === 'duckdb' && relation.database === target.database) return `${relation.schema}.${relation.identifier}`;
  return `${relation.database}.${relation.schema}.${relation.identifier}`;
}
