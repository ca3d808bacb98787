/**
 * Test arguments that name a relation, as dbt writes them: `ref('orders')` or `source('raw', 'orders')`.
 * The test depends on that node, and a custom test macro receives the relation's name in its place.
 */
export type RelationArg = { readonly ref: string } | { readonly source: string; readonly table: string };

const REF_PATTERN = /^\s*ref\(\s*['"]([\w.-]+)['"]\s*\)\s*$/;
const SOURCE_PATTERN = /^\s*source\(\s*['"]([\w.-]+)['"]\s*,\s*['"]([\w.-]+)['"]\s*\)\s*$/;

/** The relation a `ref(…)`/`source(…)` argument names; `bareRef` reads a plain name as a ref (relationships' `to`). */
export function relationArg(value: unknown, bareRef = false): RelationArg | undefined {
  if (typeof value !== 'string') return undefined;
  const source = SOURCE_PATTERN.exec(value);
  if (source?.[1] && source[2]) return { source: source[1], table: source[2] };
  const ref = REF_PATTERN.exec(value)?.[1];
  if (ref) return { ref };
  return bareRef && value.trim() !== '' ? { ref: value.trim() } : undefined;
}

/** `equal_rowcount` → `test_equal_rowcount`; a package's `forge_utils.equal_rowcount` → `forge_utils.test_equal_rowcount`. */
export function testMacroName(testName: string): string {
  const dot = testName.lastIndexOf('.');
  return `${testName.slice(0, dot + 1)}test_${testName.slice(dot + 1)}`;
}

/** The test a macro defines, or undefined when it is not a test macro (the inverse of testMacroName). */
export function testNameOfMacro(macroName: string): string | undefined {
  const dot = macroName.lastIndexOf('.');
  const base = macroName.slice(dot + 1);
  return base.startsWith('test_') ? `${macroName.slice(0, dot + 1)}${base.slice('test_'.length)}` : undefined;
}
