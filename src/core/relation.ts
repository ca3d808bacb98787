import type { SourceLocation } from '../errors/diagnostic.js';

/** Where a node lives in the warehouse. Names are as the user wrote them (never quoted by us). */
export interface Relation {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
}

/** Where each part of a relation was configured (a project.yml key, a YAML properties line, a config call), when it was. */
export type RelationOrigin = Partial<Record<keyof Relation, SourceLocation>>;

/**
 * A relation as SQL text, never quoted. `homeDatabase` is the database a connection is already in
 * (DuckDB's own file): relations there are written `schema.identifier`, so compiled SQL still runs
 * when the file is attached under another name; everything else is `database.schema.identifier`.
 */
export function relationName(relation: Relation, homeDatabase?: string): string {
  const local = `${relation.schema}.${relation.identifier}`;
  return relation.database === homeDatabase ? local : `${relation.database}.${local}`;
}
