/**
 * Model contracts: `config: { contract: { enforced: true } }` plus `data_type` on every column in
 * YAML. Before anything is built, the model's query is described and compared column by column
 * (names case-insensitively, types after folding synonyms: int/int4/integer, text/string/varchar…).
 */
import type { ColumnInfo, ModelNode } from '../core/nodes.js';

interface ActualColumn {
  readonly name: string;
  readonly type: string;
}

export function contractEnforced(node: ModelNode): boolean {
  const contract = node.config['contract'];
  return (
    typeof contract === 'object' &&
    contract !== null &&
    !Array.isArray(contract) &&
    (contract as Record<string, unknown>)['enforced'] === true
  );
}

const SYNONYMS: Readonly<Record<string, string>> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  SIGNED: 'INTEGER',
  INTEGER: 'INTEGER',
  INT8: 'BIGINT',
  LONG: 'BIGINT',
  BIGINT: 'BIGINT',
  INT2: 'SMALLINT',
  SHORT: 'SMALLINT',
  SMALLINT: 'SMALLINT',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  CHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  VARCHAR: 'VARCHAR',
  FLOAT8: 'DOUBLE',
  DOUBLE: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  FLOAT: 'FLOAT',
  BOOL: 'BOOLEAN',
  LOGICAL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMPTZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  TIMESTAMP_TZ: 'TIMESTAMPTZ',
  DATE: 'DATE',
};

function normalizeType(type: string): string {
  const upper = type.trim().toUpperCase().replace(/\s+/g, ' ');
  const decimal = /^(?:DECIMAL|NUMERIC|NUMBER)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(upper);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2] ?? '0'})`;
  const base = upper.replace(/\s*\(.*\)$/, '');
  return SYNONYMS[base] ?? SYNONYMS[upper] ?? upper;
}

/** Empty when the model honours its contract; otherwise one line per broken column. */
export function contractProblems(declared: readonly ColumnInfo[], actual: readonly ActualColumn[]): string[] {
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const declaredNames = new Set(declared.map((c) => c.name.toLowerCase()));
  const problems: string[] = [];
  for (const column of declared) {
    const found = byName.get(column.name.toLowerCase());
    const type = column.dataType ?? '';
    if (!found) problems.push(`  - ${column.name} ${type}: declared, missing from the model`);
    else if (normalizeType(found.type) !== normalizeType(type))
      problems.push(`  ~ ${column.name}: declared ${type}, the model gives ${found.type}`);
  }
  for (const column of actual) {
    if (!declaredNames.has(column.name.toLowerCase()))
      problems.push(`  + ${column.name} ${column.type}: in the model, not declared`);
  }
  return problems;
}
