/**
 * SQL for the built-in generic tests. A test query returns the failing rows; zero rows passes.
 * The text is the common subset of DuckDB and Snowflake SQL.
 */
import type { ConfigValue } from '../core/config.js';

export interface GenericTestInput {
  readonly testName: string;
  /** The tested relation, as SQL text. */
  readonly relation: string;
  readonly column?: string;
  readonly kwargs: Readonly<Record<string, ConfigValue>>;
  /** The `to` relation of a relationships test, as SQL text. */
  readonly toRelation?: string;
}

const literal = (value: ConfigValue): string =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;

/** The test query, or undefined for a test name Forge does not know. */
export function genericTestSql(input: GenericTestInput): string | undefined {
  const { relation, column } = input;
  const col = column ?? 'null';
  switch (input.testName) {
    case 'not_null':
      return `select * from ${relation} where ${col} is null`;
    case 'unique':
      return `select ${col} as unique_field, count(*) as n_records\nfrom ${relation}\nwhere ${col} is not null\ngroup by ${col}\nhaving count(*) > 1`;
    case 'accepted_values': {
      const values = Array.isArray(input.kwargs['values']) ? (input.kwargs['values'] as ConfigValue[]) : [];
      return `select ${col} as value_field, count(*) as n_records\nfrom ${relation}\nwhere ${col} not in (${values.map(literal).join(', ')})\ngroup by ${col}`;
    }
    case 'relationships': {
      const field = String(input.kwargs['field'] ?? col);
      return `select child.${col} as from_field\nfrom ${relation} as child\nleft join ${input.toRelation ?? 'null'} as parent on child.${col} = parent.${field}\nwhere child.${col} is not null and parent.${field} is null`;
    }
    default:
      return undefined;
  }
}
