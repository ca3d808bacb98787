/**
 * Every name exported from src/ is imported by another file (src, tests, web, bench): an export only
 * its own file uses should not be exported. The package's entry points (the API, the CLI, the
 * workers) are exempt. Read with patterns over the source text (the code's imports and exports are
 * written one way; TypeScript 7 has no parser API to lean on); a namespace import, `export *` or a
 * dynamic `import('…')` of a module counts as using all its exports.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/project.js';

const ENTRY_POINTS = [
  'src/index.ts',
  'src/cli/main.ts',
  'src/artifacts/write-files-worker.ts',
  'src/ml/gbdt-worker.ts',
];
const SCANNED = ['src', 'tests', 'web', 'bench'];
const SKIPPED_DIRS = new Set(['node_modules', 'fixtures', 'dataform', 'golden']);
const ALL = '*';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(full);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The src/ file a relative specifier names (dist/ is src/ compiled), or undefined. */
function resolveSource(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path
    .relative(REPO_ROOT, path.resolve(path.dirname(from), specifier))
    .split(path.sep)
    .join('/');
  const source = target.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
  return source.startsWith('src/') ? source : undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const DECLARED =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
const LOCAL_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}\s*(?:from\s+['"][^'"]+['"])?/gm;
const IMPORT =
  /\bimport\s+(?:type\s+)?([\w$]+\s*,\s*)?(\*\s+as\s+[\w$]+|\{[^}]*\}|[\w$]+)\s+from\s+['"]([^'"]+)['"]/g;
const RE_EXPORT = /\bexport\s+(?:type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `{ a, b as c, type d }` → the names on one side of each `as` (the module's own with `theirs`). */
function listNames(list: string, theirs: boolean): string[] {
  return list
    .replace(/[{}]/g, '')
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter((part) => part.length > 0)
    .map((part) => {
      const [own, alias] = part.split(/\s+as\s+/);
      return (theirs ? own : (alias ?? own)) ?? '';
    })
    .filter((name) => IDENTIFIER.test(name));
}

/** The names a file exports by declaration, `export default` or `export { … }` (re-exports included). */
function exportedNames(text: string): string[] {
  return [
    ...[...text.matchAll(DECLARED)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(LOCAL_LIST)].flatMap((m) => listNames(m[1] ?? '', false)),
    ...(/^export\s+default\b/m.test(text) ? ['default'] : []),
  ];
}

/** Adds what one file imports from each src/ module (names, or ALL) to `uses`. */
function importsOf(fileName: string, text: string, uses: Map<string, Set<string>>): void {
  const self = path.relative(REPO_ROOT, fileName).split(path.sep).join('/');
  const use = (specifier: string, names: readonly string[]): void => {
    const source = resolveSource(fileName, specifier);
    if (source === undefined || source === self) return;
    const set = uses.get(source) ?? new Set<string>();
    for (const name of names) set.add(name);
    uses.set(source, set);
  };
  for (const [, defaultPart, clause = '', specifier = ''] of text.matchAll(IMPORT)) {
    const names = clause.startsWith('*')
      ? [ALL]
      : clause.startsWith('{')
        ? listNames(clause, true)
        : ['default'];
    use(specifier, defaultPart ? ['default', ...names] : names);
  }
  for (const [, clause = '', specifier = ''] of text.matchAll(RE_EXPORT))
    use(specifier, clause.startsWith('*') ? [ALL] : listNames(clause, true));
  for (const [, specifier = ''] of text.matchAll(DYNAMIC)) use(specifier, [ALL]);
}

function unusedExports(): string[] {
  const uses = new Map<string, Set<string>>();
  const sources = new Map<string, string>();
  for (const fileName of SCANNED.flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir)))) {
    const text = readFileSync(fileName, 'utf8');
    const relative = path.relative(REPO_ROOT, fileName).split(path.sep).join('/');
    if (relative.startsWith('src/') && relative.endsWith('.ts')) sources.set(relative, text);
    importsOf(fileName, text, uses);
  }
  return [...sources]
    .filter(([name]) => !ENTRY_POINTS.includes(name))
    .flatMap(([name, text]) => {
      const used = uses.get(name) ?? new Set<string>();
      return used.has(ALL)
        ? []
        : exportedNames(text)
            .filter((e) => !used.has(e))
            .map((e) => `${name}: ${e}`);
    });
}

describe('exports', () => {
  it('every export of src/ is imported somewhere else', () => {
    expect(unusedExports()).toEqual([]);
  });
});
