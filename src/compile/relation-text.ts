/**
 * How a relation is written in compiled SQL (the rule itself: core/relation.ts relationName).
 * DuckDB omits the catalog of the target's own file; Snowflake always writes database.schema.name.
 */
import { relationName, type Relation } from '../core/relation.js';
import type { Target } from '../project/targets.js';
import { unwrittenDatabase } from '../parser/relation-naming.js';

export function relationText(relation: Relation, target: Target): string {
  return relationName(relation, unwrittenDatabase(target));
}
