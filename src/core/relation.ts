/** Where a node lives in the warehouse. Names are as the user wrote them (never quoted by us). */
export interface Relation {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
}

export function relationKey(relation: Relation): string {
  return `${relation.database}.${relation.schema}.${relation.identifier}`.toLowerCase();
}
