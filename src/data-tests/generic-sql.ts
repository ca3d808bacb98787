/**
 * The built-in generic tests: each declares its parameters (checked at parse time, with locations)
 * and renders a query returning the failing rows — zero rows passes. The SQL is the common subset
 * of DuckDB and Snowflake; time arithmetic comes from the adapter (`hoursAgo`).
 */
import type { ConfigValue } from '../core/config.js';

interface GenericTestInput {
  /** The tested relation as SQL text — already wrapped in a filtered subquery when `where` is set. */
  readonly relation: string;
  readonly column?: string;
  readonly kwargs: Readonly<Record<string, ConfigValue>>;
  /** The `to` relation of a relationships test, as SQL text. */
  readonly toRelation?: string;
  /** The warehouse's expression for "now minus this many hours" (recency). */
  readonly hoursAgo: (hours: number) => string;
}

interface GenericTestDefinition {
  /** `required`: the test must sit on a column; `none`: on a model only; `optional`: either. */
  readonly column: 'required' | 'none' | 'optional';
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Arguments that name columns of the tested relation (checked against known columns). */
  readonly columnArgs: readonly string[];
  readonly sql: (input: GenericTestInput) => string;
}

const literal = (value: ConfigValue | undefined): string =>
  typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : `'${String(value).replace(/'/g, "''")}'`;
const list = (value: ConfigValue | undefined): ConfigValue[] =>
  Array.isArray(value) ? [...(value as ConfigValue[])] : value === undefined || value === null ? [] : [value];
const col = (input: GenericTestInput): string => input.column ?? 'null';

function acceptedRange(input: GenericTestInput): string {
  const inclusive = input.kwargs['inclusive'] !== false;
  const min = input.kwargs['min_value'];
  const max = input.kwargs['max_value'];
  const fails = [
    ...(min !== undefined && min !== null ? [`${col(input)} ${inclusive ? '<' : '<='} ${literal(min)}`] : []),
    ...(max !== undefined && max !== null ? [`${col(input)} ${inclusive ? '>' : '>='} ${literal(max)}`] : []),
  ];
  return `select * from ${input.relation} where ${fails.length > 0 ? fails.join(' or ') : 'false'}`;
}

function rowCount(input: GenericTestInput): string {
  const min = input.kwargs['min_value'];
  const max = input.kwargs['max_value'];
  const fails = [
    ...(typeof min === 'number' ? [`n < ${min}`] : []),
    ...(typeof max === 'number' ? [`n > ${max}`] : []),
  ];
  return `select n as row_count from (select count(*) as n from ${input.relation}) as counted where ${fails.length > 0 ? fails.join(' or ') : 'false'}`;
}

export const GENERIC_TESTS: Readonly<Record<string, GenericTestDefinition>> = {
  not_null: {
    column: 'required',
    required: [],
    optional: [],
    columnArgs: [],
    sql: (i) => `select * from ${i.relation} where ${col(i)} is null`,
  },
  unique: {
    column: 'required',
    required: [],
    optional: [],
    columnArgs: [],
    sql: (i) =>
      `select ${col(i)} as unique_field, count(*) as n_records\nfrom ${i.relation}\nwhere ${col(i)} is not null\ngroup by ${col(i)}\nhaving count(*) > 1`,
  },
  accepted_values: {
    column: 'required',
    required: ['values'],
    optional: ['quote'],
    columnArgs: [],
    sql: (i) => {
      const values = list(i.kwargs['values']).map((v) =>
        i.kwargs['quote'] === false ? String(v) : literal(v),
      );
      return `select ${col(i)} as value_field, count(*) as n_records\nfrom ${i.relation}\nwhere ${col(i)} not in (${values.join(', ')})\ngroup by ${col(i)}`;
    },
  },
  relationships: {
    column: 'required',
    required: ['to', 'field'],
    optional: [],
    columnArgs: [],
    sql: (i) => {
      const field = String(i.kwargs['field']);
      return `select child.${col(i)} as from_field\nfrom ${i.relation} as child\nleft join ${i.toRelation ?? 'null'} as parent on child.${col(i)} = parent.${field}\nwhere child.${col(i)} is not null and parent.${field} is null`;
    },
  },
  accepted_range: {
    column: 'required',
    required: [],
    optional: ['min_value', 'max_value', 'inclusive'],
    columnArgs: [],
    sql: acceptedRange,
  },
  expression_is_true: {
    column: 'optional',
    required: ['expression'],
    optional: [],
    columnArgs: [],
    sql: (i) =>
      `select * from ${i.relation} where not (${i.column ? `${i.column} ` : ''}${String(i.kwargs['expression'])})`,
  },
  unique_combination_of_columns: {
    column: 'none',
    required: ['combination_of_columns'],
    optional: [],
    columnArgs: ['combination_of_columns'],
    sql: (i) => {
      const columns = list(i.kwargs['combination_of_columns']).map(String).join(', ');
      return `select ${columns}, count(*) as n_records\nfrom ${i.relation}\ngroup by ${columns}\nhaving count(*) > 1`;
    },
  },
  row_count: {
    column: 'none',
    required: [],
    optional: ['min_value', 'max_value'],
    columnArgs: [],
    sql: rowCount,
  },
  not_empty: {
    column: 'none',
    required: [],
    optional: [],
    columnArgs: [],
    sql: (i) =>
      `select 'the relation is empty' as failure from (select count(*) as n from ${i.relation}) as counted where n = 0`,
  },
  recency: {
    column: 'required',
    required: ['hours'],
    optional: [],
    columnArgs: [],
    sql: (i) =>
      `select max(${col(i)}) as newest from ${i.relation}\nhaving max(${col(i)}) is null or max(${col(i)}) < ${i.hoursAgo(Number(i.kwargs['hours']))}`,
  },
};

/** Keys that configure a test rather than feed it (they may sit beside its arguments, as in dbt). */
export const TEST_CONFIG_KEYS = [
  'severity',
  'warn_if',
  'error_if',
  'where',
  'limit',
  'store_failures',
  'tags',
  'enabled',
  'meta',
  'reuse_unchanged',
];
