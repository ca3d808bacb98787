/**
 * Parse-time checks of a generic test declared in YAML: the test exists (built-in, or a custom
 * `test_<name>` macro), its required arguments are there and no unknown ones are, it sits on a column
 * when it needs one, and the columns it names exist where they are known (a seed's CSV header, or a
 * model's contracted columns). Each problem is a located FRG12xx diagnostic, never a SQL error later.
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { GENERIC_TESTS } from './generic-sql.js';

export interface CustomTestMacro {
  readonly params: readonly { readonly name: string; readonly default?: ConfigValue }[];
}

interface TestToValidate {
  readonly testName: string;
  readonly kwargs: Readonly<Record<string, ConfigValue>>;
  readonly columnName?: string;
  readonly location: SourceLocation;
  readonly ownerName: string;
  /** Columns of the tested node when known exactly, else undefined. */
  readonly knownColumns?: readonly string[];
}

/** Parameters the framework passes to a custom test macro itself. */
const FRAMEWORK_PARAMS = new Set(['model', 'column_name']);

export function validateTest(
  test: TestToValidate,
  customTests: ReadonlyMap<string, CustomTestMacro>,
): Diagnostic[] {
  const builtin = GENERIC_TESTS[test.testName];
  const custom = customTests.get(test.testName);
  const at = test.location;
  if (!builtin && !custom) {
    const names = [...Object.keys(GENERIC_TESTS), ...customTests.keys()];
    return [
      diagnostic(
        Codes.testUnknown,
        `unknown test "${test.testName}"${didYouMean(test.testName, names)}`,
        at,
        'built-in tests, or a macro named test_<name> in macros/',
      ),
    ];
  }
  const required = builtin
    ? builtin.required
    : (custom?.params ?? [])
        .filter((p) => p.default === undefined && !FRAMEWORK_PARAMS.has(p.name))
        .map((p) => p.name);
  const allowed = builtin
    ? [...builtin.required, ...builtin.optional]
    : (custom?.params ?? []).map((p) => p.name).filter((n) => !FRAMEWORK_PARAMS.has(n));
  const problems: Diagnostic[] = [];
  for (const name of required) {
    if (test.kwargs[name] === undefined) {
      problems.push(
        diagnostic(
          Codes.testArgument,
          `test ${test.testName} on ${test.ownerName} needs the argument "${name}"`,
          at,
          `write - ${test.testName}: { ${name}: … }`,
        ),
      );
    }
  }
  for (const name of Object.keys(test.kwargs)) {
    if (!allowed.includes(name)) {
      problems.push(
        diagnostic(
          Codes.testArgument,
          `test ${test.testName} has no argument "${name}"${didYouMean(name, allowed)}`,
          at,
          allowed.length > 0 ? `its arguments: ${allowed.join(', ')}` : 'it takes no arguments',
        ),
      );
    }
  }
  const placement =
    builtin?.column ?? (custom?.params.some((p) => p.name === 'column_name') ? 'required' : 'none');
  if (placement === 'required' && !test.columnName) {
    problems.push(
      diagnostic(Codes.testArgument, `test ${test.testName} belongs under a column of ${test.ownerName}`, at),
    );
  }
  problems.push(...unknownColumns(test, builtin?.columnArgs ?? []));
  return problems;
}

function unknownColumns(test: TestToValidate, columnArgs: readonly string[]): Diagnostic[] {
  const known = test.knownColumns;
  if (!known) return [];
  const lower = new Set(known.map((c) => c.toLowerCase()));
  const named = [
    ...(test.columnName ? [test.columnName] : []),
    ...columnArgs.flatMap((arg) => {
      const v = test.kwargs[arg];
      return Array.isArray(v) ? (v as ConfigValue[]).map(String) : v === undefined ? [] : [String(v)];
    }),
  ];
  return named
    .filter((c) => !lower.has(c.toLowerCase()))
    .map((c) =>
      diagnostic(
        Codes.testColumn,
        `test ${test.testName} names column "${c}", which ${test.ownerName} does not have${didYouMean(c, known)}`,
        test.location,
        `${test.ownerName} has: ${known.join(', ')}`,
      ),
    );
}
