// The benchmarks build a copy of the example project: its own files, plus node_modules linked so the
// generator (seeds/generator/) resolves @faker-js/faker.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ENTRIES = ['project.yml', 'models', 'seeds', 'snapshots', 'macros', 'ml'];

/** A fresh copy of the example project in a new directory under `parent`, named `<prefix>XXXXXX`. */
export function copyExample(root, parent, prefix) {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, prefix));
  for (const entry of PROJECT_ENTRIES) cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}
