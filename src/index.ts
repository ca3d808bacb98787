/**
 * Forge's programmatic API (the package's main export): the same parse, compile, build and docs the
 * `forge` command runs, on a project directory, returning the diagnostics and results as values.
 *
 *   import { createForge } from 'forge-sql';
 *   const forge = createForge({ projectDir: '.', target: 'dev' });
 *   const run = await forge.build({ select: ['gold+'] });
 *   if (run.failed) console.error(run.diagnostics.map((d) => d.message));
 */
import { runFailed, type RunCommand, type RunOptions, type RunOutcome } from './api/build.js';
import { runProject } from './api/run-project.js';
import { generateDocs } from './api/docs.js';
import {
  compile,
  parse,
  select,
  type Compiled,
  type ForgeOptions,
  type Parsed,
  type Selection,
} from './api/forge.js';
import type { NodeId } from './core/ids.js';
import { hasErrors, type Diagnostic } from './errors/diagnostic.js';
import { ignoreEvents, type EventSink, type ForgeEvent } from './report/events.js';

export type {
  Compiled,
  Diagnostic,
  EventSink,
  ForgeEvent,
  ForgeOptions,
  NodeId,
  Parsed,
  RunCommand,
  RunOutcome,
  Selection,
};
export type { NodeResult } from './execute/run-node.js';
export { Codes, type Code } from './errors/codes.js';

/** Options of one run; `command` defaults to the method's (build, run, seed, snapshot, test). */
export type RunRequest = Omit<RunOptions, 'command'>;

export interface RunReport extends RunOutcome {
  /** An error in the project or the selection, or a node that errored or failed its test (the CLI's exit 1). */
  readonly failed: boolean;
}

export interface Forge {
  readonly options: ForgeOptions;
  /** Reads the project and reports every problem (no files written but the parse cache). */
  parse(): Promise<Parsed>;
  /** The selected node ids in graph order (an empty selection is a warning). */
  ls(
    selection?: Selection,
  ): Promise<{ readonly ids: readonly NodeId[]; readonly diagnostics: readonly Diagnostic[] }>;
  /** Renders the selection into target/compiled/ and writes target/manifest.json. */
  compile(selection?: Selection): Promise<Compiled & { readonly failed: boolean }>;
  build(selection?: Selection, request?: RunRequest): Promise<RunReport>;
  run(selection?: Selection, request?: RunRequest): Promise<RunReport>;
  seed(selection?: Selection, request?: RunRequest): Promise<RunReport>;
  snapshot(selection?: Selection, request?: RunRequest): Promise<RunReport>;
  test(selection?: Selection, request?: RunRequest): Promise<RunReport>;
  /** Writes the docs site under target/docs/ and returns its index file. */
  docs(): Promise<{ readonly file?: string; readonly diagnostics: readonly Diagnostic[] }>;
}

/** A Forge bound to one project; `events` receives what the CLI prints (node started/finished, phases, warnings). */
export function createForge(options: ForgeOptions, events: EventSink = ignoreEvents): Forge {
  const runWith =
    (command: RunCommand) =>
    async (selection: Selection = {}, request: RunRequest = {}): Promise<RunReport> => {
      const outcome = await runProject(options, selection, { ...request, command }, events);
      return { ...outcome, failed: runFailed(outcome.diagnostics, outcome.results) };
    };
  return {
    options,
    parse: () => parse(options, events),
    ls: async (selection = {}) => {
      const parsed = await parse(options, events);
      if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics))
        return { ids: [], diagnostics: parsed.diagnostics };
      const chosen = select(parsed.manifest, parsed.dag, selection);
      return { ids: chosen.ids, diagnostics: [...parsed.diagnostics, ...chosen.diagnostics] };
    },
    compile: async (selection = {}) => {
      const compiled = await compile(options, selection, events);
      return { ...compiled, failed: hasErrors(compiled.diagnostics) };
    },
    build: runWith('build'),
    run: runWith('run'),
    seed: runWith('seed'),
    snapshot: runWith('snapshot'),
    test: runWith('test'),
    docs: () => generateDocs(options, events),
  };
}
