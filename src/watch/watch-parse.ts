/**
 * Watch mode's reparse: the parse cache kept in memory between cycles, the fast path for saved model
 * templates (parser/patch-project.ts), and a full parse otherwise. A parse with errors reports them
 * and yields nothing, so the caller keeps its last good graph.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import { hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { Dag } from '../graph/dag.js';
import { buildDag } from '../graph/project-graph.js';
import type { Manifest } from '../parser/manifest.js';
import { fingerprintOf, fingerprints } from '../parser/node-fingerprint.js';
import { saveParseCache, templateInputs, type ParseCache } from '../parser/parse-cache.js';
import { patchProject, type PatchContext } from '../parser/patch-project.js';
import type { SourceFile } from '../parser/project-files.js';
import type { EventSink } from '../report/events.js';
import { parse } from '../api/forge.js';
import type { ForgeOptions } from '../api/load-project.js';

/** A parse without errors: the graph a watch cycle builds on. */
export interface GoodParse {
  readonly manifest: Manifest;
  readonly dag: Dag;
  readonly prints: Map<NodeId, string>;
}

const KEPT =
  'watch: the project has errors (above); still watching — the last good graph is kept until they are fixed';

export class WatchParser {
  private cache: ParseCache | undefined;
  private patchContext: PatchContext | undefined;

  constructor(
    private readonly options: ForgeOptions,
    private readonly events: EventSink,
    private readonly report: (diagnostics: readonly Diagnostic[]) => void,
  ) {}

  /** Re-parses (`changed`: the files saved since `last`; undefined: everything); on errors reports them and returns undefined. */
  async reparse(
    last: GoodParse | undefined,
    changed: readonly string[] | undefined,
  ): Promise<GoodParse | undefined> {
    const fast = last && changed ? this.patch(last, changed) : undefined;
    if (fast !== undefined) return fast ?? undefined;
    // the watcher saw every save: trust the in-memory cache for the files it did not report
    const parsed = await parse(
      this.options,
      this.events,
      this.cache && changed ? { cache: this.cache, changed: new Set(changed), persist: false } : undefined,
    );
    this.cache = parsed.cache;
    this.patchContext = parsed.patch;
    this.report(parsed.diagnostics);
    if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics)) {
      this.events({ type: 'info', message: KEPT });
      return undefined;
    }
    return { manifest: parsed.manifest, dag: parsed.dag, prints: fingerprints(parsed.manifest) };
  }

  /** Writes the in-memory parse cache (when the session ends). */
  save(): void {
    if (this.cache) saveParseCache(this.options.projectDir, this.cache);
  }

  /**
   * The fast path: only existing model templates were saved → patch the last good graph. Returns
   * undefined to fall back to a full parse, null when the saved files have errors.
   */
  private patch(last: GoodParse, changed: readonly string[]): GoodParse | null | undefined {
    const { patchContext, cache } = this;
    if (!patchContext || !cache || changed.some((f) => !f.endsWith('.sql'))) return undefined;
    const files = readSaved(last.manifest.projectDir, changed);
    if (!files) return undefined;
    const patched = patchProject(patchContext, last.manifest, files);
    if (!patched) return undefined;
    this.report(patched.diagnostics);
    if (hasErrors(patched.diagnostics)) {
      this.events({ type: 'info', message: KEPT });
      return null;
    }
    for (const [i, parsed] of patched.parsed.entries()) {
      const stamp = files[i]?.stamp;
      if (stamp)
        cache.templates.set(parsed.file, {
          ...stamp,
          parsed,
          inputs: templateInputs(parsed, patched.manifest.vars, patched.manifest.env),
        });
    }
    const dag = patched.edgesChanged ? buildDag(patched.manifest.nodes) : { dag: last.dag, diagnostics: [] };
    if (dag.diagnostics.length > 0) return undefined;
    const prints = new Map(last.prints);
    for (const id of patched.ids) {
      const node: ForgeNode | undefined = patched.manifest.nodes.get(id);
      if (node) prints.set(id, fingerprintOf(patched.manifest, node));
    }
    return { manifest: patched.manifest, dag: dag.dag, prints };
  }
}

/** The saved files with their stamps, or undefined when one cannot be read (a full parse then says why). */
function readSaved(projectDir: string, changed: readonly string[]): SourceFile[] | undefined {
  const files: SourceFile[] = [];
  for (const file of changed) {
    try {
      const absolute = path.join(projectDir, file);
      const stat = statSync(absolute);
      files.push({
        path: file,
        text: readFileSync(absolute, 'utf8'),
        stamp: { mtimeMs: stat.mtimeMs, size: stat.size },
      });
    } catch {
      return undefined;
    }
  }
  return files;
}
