/**
 * A generic test's query: a built-in from the registry, or a custom `test_<name>` macro rendered
 * with `model` (the tested relation), `column_name`, and a relation's name for each `ref(…)`/`source(…)`
 * argument. `where` narrows the tested relation first.
 */
import type { ConfigValue } from '../core/config.js';
import { configString } from '../core/config.js';
import type { TestNode } from '../core/nodes.js';
import type { Dialect } from '../adapters/adapter.js';
import { GENERIC_TESTS } from './generic-sql.js';
import { relationArg, testMacroName, type RelationArg } from './relation-args.js';

interface TestCompileInput {
  readonly test: TestNode;
  /** The tested relation as SQL text. */
  readonly relation: string;
  readonly toRelation?: string;
  readonly dialect: Dialect;
  /** Renders a custom test macro with these arguments, or undefined when there is none. */
  readonly renderCustom: (macro: string, args: Readonly<Record<string, ConfigValue>>) => string | undefined;
  /** The SQL name of a relation a `ref(…)`/`source(…)` argument names. */
  readonly relationOf: (arg: RelationArg) => string | undefined;
}

export function compileGenericTest(input: TestCompileInput): string | undefined {
  const { test } = input;
  const where = configString(test.config, 'where');
  const relation = where ? `(select * from ${input.relation} where ${where})` : input.relation;
  const builtin = GENERIC_TESTS[test.testName];
  const kwargs = withoutColumn(test.kwargs);
  if (builtin) {
    return builtin.sql({
      relation,
      ...(test.columnName ? { column: test.columnName } : {}),
      kwargs,
      ...(input.toRelation ? { toRelation: input.toRelation } : {}),
      hoursAgo: (h) => input.dialect.hoursAgo(h),
    });
  }
  const args: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    const arg = relationArg(value);
    args[key] = arg ? (input.relationOf(arg) ?? value) : value;
  }
  return input.renderCustom(testMacroName(test.testName), {
    ...args,
    model: relation,
    ...(test.columnName ? { column_name: test.columnName } : {}),
  });
}

function withoutColumn(kwargs: Readonly<Record<string, ConfigValue>>): Record<string, ConfigValue> {
  const copy = { ...kwargs };
  delete copy['column_name'];
  return copy;
}
