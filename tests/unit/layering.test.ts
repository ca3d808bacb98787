/**
 * The folder order of src/ (README.md, "Source layout"): a file imports only from its own layer and
 * the layers before it, and no files import values from each other in a cycle. Type-only imports
 * count for the order (a type is a dependency too); only value imports make a cycle, since they are
 * what runs when a module loads. A lazy `import('…')` counts for the order, not for cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

/** Lowest first. A listed subfolder is its own layer (the longest match wins); `index` is src/index.ts. */
const LAYERS = [
  'errors',
  'core',
  'project',
  'adapters',
  'data-tests',
  'template',
  'ml/spec',
  'ml/learn',
  'parser',
  'graph',
  'state',
  'select',
  'materializations',
  'compile',
  'report',
  'execute',
  'artifacts',
  'docs',
  'deploy',
  'api',
  'watch',
  'serve',
  'schedule',
  'cli',
  'index',
];

interface ImportLine {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  /** The imported file, relative to src/. */
  readonly target: string;
  readonly kind: 'value' | 'type' | 'lazy';
}

const STATIC = /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"](\.[^'"]+)['"]/gm;
const LAZY = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The relative imports of one file (`file` and the targets relative to src/, forward slashes). */
function importsOf(file: string, text: string): ImportLine[] {
  const at = (index: number): number => text.slice(0, index).split('\n').length;
  const target = (specifier: string): string =>
    path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts');
  const statics = [...text.matchAll(STATIC)].map((m): ImportLine => {
    const specifier = m[2] ?? '';
    return {
      file,
      line: at(m.index),
      specifier,
      target: target(specifier),
      kind: m[1] === undefined ? 'value' : 'type',
    };
  });
  const lazy = [...text.matchAll(LAZY)].map((m): ImportLine => {
    const specifier = m[1] ?? '';
    return { file, line: at(m.index), specifier, target: target(specifier), kind: 'lazy' };
  });
  return [...statics, ...lazy];
}

/** The index in LAYERS of a file relative to src/, or -1. */
function layerOf(file: string, layers: readonly string[]): number {
  let best = -1;
  layers.forEach((layer, i) => {
    const inside = file.startsWith(`${layer}/`) || file === `${layer}.ts`;
    if (inside && (best < 0 || layer.length > (layers[best] ?? '').length)) best = i;
  });
  return best;
}

function upwardImports(imports: readonly ImportLine[], layers: readonly string[]): string[] {
  return imports.flatMap((i) => {
    const from = layerOf(i.file, layers),
      to = layerOf(i.target, layers);
    return to > from
      ? [`src/${i.file}:${i.line} imports '${i.specifier}' (${layers[to]} is above ${layers[from]})`]
      : [];
  });
}

/** Every value-import cycle, each as the chain of imports that closes it. */
function importCycles(imports: readonly ImportLine[]): string[] {
  const edges = new Map<string, ImportLine[]>();
  for (const i of imports) if (i.kind === 'value') edges.set(i.file, [...(edges.get(i.file) ?? []), i]);
  const done = new Set<string>(),
    path: ImportLine[] = [],
    onPath = new Set<string>(),
    cycles: string[] = [];
  const visit = (file: string): void => {
    onPath.add(file);
    for (const edge of edges.get(file) ?? []) {
      if (onPath.has(edge.target)) {
        const chain = [...path.slice(path.findIndex((e) => e.file === edge.target)), edge];
        cycles.push(chain.map((e) => `src/${e.file}:${e.line} imports '${e.specifier}'`).join(' → '));
      } else if (!done.has(edge.target)) {
        path.push(edge);
        visit(edge.target);
        path.pop();
      }
    }
    onPath.delete(file);
    done.add(file);
  };
  for (const file of edges.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(path.join(dir, entry.name), relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const SRC = path.join(REPO_ROOT, 'src');
const files = sourceFiles(SRC);
const imports = files.flatMap((file) => importsOf(file, readFileSync(path.join(SRC, file), 'utf8')));

describe('the layering of src/', () => {
  it('puts every file in a layer', () => {
    expect(
      files
        .filter((f) => layerOf(f, LAYERS) < 0)
        .map((f) => `src/${f} is in no layer (add its folder to LAYERS and README.md)`),
    ).toEqual([]);
  });

  it('has no import pointing up the folder order', () => {
    expect(upwardImports(imports, LAYERS)).toEqual([]);
  });

  it('has no value-import cycle between files', () => {
    expect(importCycles(imports)).toEqual([]);
  });

  it('is the order README.md states under "Source layout"', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Source layout'),
      readme.indexOf('\n## ', readme.indexOf('## Source layout') + 1),
    );
    const named = [...section.matchAll(/`([^`]+)`/g)]
      .map((m) => (m[1] === 'src/index.ts' ? 'index' : (m[1] ?? '')))
      .filter((n) => LAYERS.includes(n));
    expect([...new Set(named)]).toEqual(LAYERS);
  });
});

describe('the layering checks', () => {
  const fake = [
    ...importsOf('core/a.ts', "import { b } from '../parser/b.js';\n"),
    ...importsOf('parser/b.ts', "import type { A } from '../core/a.js';\nexport { c } from './c.js';\n"),
    ...importsOf(
      'parser/c.ts',
      "import {\n  b,\n} from './b.js';\nconst lazy = () => import('../cli/d.js');\n",
    ),
  ];

  it('name the import that points up, with its line', () => {
    expect(upwardImports(fake, ['core', 'parser', 'cli'])).toEqual([
      "src/core/a.ts:1 imports '../parser/b.js' (parser is above core)",
      "src/parser/c.ts:4 imports '../cli/d.js' (cli is above parser)",
    ]);
  });

  it('name each import of a value cycle; type-only and lazy imports make none', () => {
    expect(importCycles(fake)).toEqual([
      "src/parser/b.ts:2 imports './c.js' → src/parser/c.ts:1 imports './b.js'",
    ]);
  });
});
