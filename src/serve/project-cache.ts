/**
 * The parsed project between dashboard requests: parsed again only when an input changed. The stamp is
 * every input file's path, size and mtime (project.yml and the model, macro, seed, snapshot and ML
 * folders) — a few hundred stats, well under a millisecond per hundred files, against a full parse.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, type ForgeOptions } from '../api/forge.js';
import { createCompiler, type Compiler } from '../compile/compile.js';
import type { Manifest } from '../parser/manifest.js';
import { projectInputs } from '../watch/file-watcher.js';

export interface CachedProject {
  readonly manifest: Manifest;
  readonly compiler: Compiler;
}

interface ProjectCache {
  /** The project as it is on disk now; undefined when it does not parse. */
  current(): Promise<CachedProject | undefined>;
}

const SKIPPED = new Set(['node_modules', '.git', 'target', '.forge']);

function stampInto(file: string, out: string[]): void {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    out.push(`${file}:absent`);
    return;
  }
  if (!stat.isDirectory()) {
    out.push(`${file}:${stat.size}:${stat.mtimeMs}`);
    return;
  }
  for (const entry of readdirSync(file).sort())
    if (!SKIPPED.has(entry)) stampInto(path.join(file, entry), out);
}

/** Every input's path, size and mtime, as one string. */
function inputStamp(projectDir: string, manifest?: Manifest): string {
  const out: string[] = [];
  for (const entry of new Set(projectInputs(manifest?.project.paths)))
    stampInto(path.join(projectDir, entry), out);
  return out.join('\n');
}

/** `enabled` false parses on every call (the bench's baseline; FORGE_SERVE_CACHE=0). */
export function cacheProject(options: ForgeOptions, enabled = true): ProjectCache {
  let last: { stamp: string; project: CachedProject } | undefined;
  return {
    async current() {
      const stamp = enabled ? inputStamp(options.projectDir, last?.project.manifest) : '';
      if (enabled && last?.stamp === stamp) return last.project;
      const parsed = await parse(options);
      if (!parsed.manifest) return undefined;
      const project = { manifest: parsed.manifest, compiler: createCompiler(parsed.manifest) };
      // the stamp from before the parse read the files: a save during the parse re-parses on the next request
      if (enabled) last = { stamp, project };
      return project;
    },
  };
}
