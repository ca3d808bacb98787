/**
 * Reads a project's files from disk: project.yml, models (SQL and YAML), seeds, macros. Parsing
 * itself works on this in-memory snapshot, so it is a pure function of the files.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectPaths } from '../project/project-file.js';

export interface SourceFile {
  /** Relative to the project directory, forward slashes. */
  readonly path: string;
  readonly text: string;
}

export interface ProjectFiles {
  readonly models: readonly SourceFile[];
  readonly properties: readonly SourceFile[];
  readonly macros: readonly SourceFile[];
  /** Seeds are not read, only hashed. */
  readonly seeds: readonly { readonly path: string; readonly checksum: string }[];
}

export async function readProjectFiles(projectDir: string, paths: ProjectPaths): Promise<ProjectFiles> {
  const [modelPaths, macroPaths, seedPaths] = await Promise.all([
    listFiles(projectDir, paths.models),
    listFiles(projectDir, paths.macros),
    listFiles(projectDir, paths.seeds),
  ]);
  const sql = modelPaths.filter((p) => p.endsWith('.sql'));
  const yml = modelPaths.filter((p) => p.endsWith('.yml') || p.endsWith('.yaml'));
  const [models, properties, macros, seeds] = await Promise.all([
    readAll(projectDir, sql),
    readAll(projectDir, [...yml, ...seedPaths.filter((p) => p.endsWith('.yml') || p.endsWith('.yaml'))]),
    readAll(projectDir, macroPaths.filter((p) => p.endsWith('.sql'))),
    Promise.all(seedPaths.filter((p) => p.endsWith('.csv')).map(async (p) => ({
      path: p,
      checksum: sha256(await readFile(path.join(projectDir, p))),
    }))),
  ]);
  return { models, properties, macros, seeds };
}

async function readAll(projectDir: string, files: readonly string[]): Promise<SourceFile[]> {
  return Promise.all(files.map(async (p) => ({ path: p, text: await readFile(path.join(projectDir, p), 'utf8') })));
}

/** Every file under `dir` (relative to projectDir), sorted, skipping hidden entries. */
async function listFiles(projectDir: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(projectDir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(entries.map(async (entry) => {
      if (entry.name.startsWith('.')) return;
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) out.push(child);
    }));
  };
  await walk(dir);
  return out.sort();
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
