/**
 * Packages of macros and generic tests (what dbt calls packages): npm packages named under
 * `packages:` in project.yml, resolved through the project's node_modules (so npm locks their
 * versions). A package's `macros/**\/*.sql` are callable as `{{<namespace>.<macro> …}}` and its
 * `test_<name>` macros are generic tests `<namespace>.<name>`; the namespace is package.json's
 * `forge.namespace`, else the package name with its scope dropped and `-` as `_` (forge-utils →
 * forge_utils). A project macro named `<namespace>.<macro>` overrides the package's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import type { SourceFile } from './project-files.js';
import { isPlainObject } from '../project/validate.js';
import { isPlainIdentifier } from '../core/identifier.js';

interface MacroPackage {
  readonly name: string;
  readonly namespace: string;
  /** The package's macro files, paths relative to the project directory. */
  readonly macros: readonly SourceFile[];
}

/** Reads each named package's macros; a package that is not installed is an error at its project.yml line. */
export function readPackages(
  projectDir: string,
  names: readonly string[],
  at?: (index: number) => SourceLocation | undefined,
): { packages: MacroPackage[]; diagnostics: Diagnostic[] } {
  const packages: MacroPackage[] = [];
  const diagnostics: Diagnostic[] = [];
  const resolve = createRequire(path.join(projectDir, 'project.yml')).resolve;
  names.forEach((name, index) => {
    let manifestFile: string;
    try {
      manifestFile = resolve(`${name}/package.json`);
    } catch {
      diagnostics.push(
        diagnostic(
          Codes.packageMissing,
          `package "${name}" is not installed in ${projectDir}`,
          at?.(index),
          `npm install ${name} (packages resolve through the project's node_modules)`,
        ),
      );
      return;
    }
    const dir = path.dirname(manifestFile);
    const namespace =
      namespaceIn(JSON.parse(readFileSync(manifestFile, 'utf8')) as unknown) ?? namespaceOf(name);
    const macros = sqlFiles(path.join(dir, 'macros')).map((file) => ({
      path: path.relative(projectDir, file).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8'),
      namespace,
    }));
    packages.push({ name, namespace, macros });
  });
  return { packages, diagnostics };
}

/** package.json's `forge.namespace`, when it is one plain name. */
function namespaceIn(manifest: unknown): string | undefined {
  const forge = isPlainObject(manifest) ? manifest['forge'] : undefined;
  const namespace = isPlainObject(forge) ? forge['namespace'] : undefined;
  return typeof namespace === 'string' && isPlainIdentifier(namespace) ? namespace : undefined;
}

function namespaceOf(packageName: string): string {
  return packageName.replace(/^@[^/]+\//, '').replace(/\W/g, '_');
}

function sqlFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sqlFiles(full);
      return entry.isFile() && entry.name.endsWith('.sql') ? [full] : [];
    });
}
