/**
 * `forge retry`: the nodes that failed or were skipped in the last run (target/run_results.json),
 * re-run with that run's command — like `dbt retry`. The retry writes new run results, so a second
 * retry picks up only what is still failing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodeId } from '../core/ids.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import type { RunCommand } from './build.js';

const COMMANDS: readonly RunCommand[] = ['build', 'run', 'seed', 'snapshot', 'test'];
const RETRIED = new Set(['error', 'fail', 'skipped']);

interface LastRun {
  readonly command: RunCommand;
  /** Failed, errored or skipped, in the order the last run listed them. */
  readonly ids: NodeId[];
}

export async function readLastRun(
  projectDir: string,
): Promise<{ last?: LastRun; diagnostics: Diagnostic[] }> {
  const file = path.join(projectDir, TARGET_DIR, 'run_results.json');
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return {
      diagnostics: [
        diagnostic(
          Codes.usage,
          `no previous run to retry: ${path.relative(process.cwd(), file) || file} is missing or unreadable`,
          undefined,
          'run forge build (or run, test, seed, snapshot) first',
        ),
      ],
    };
  }
  const run = value as { args?: { which?: unknown }; results?: { unique_id?: unknown; status?: unknown }[] };
  const which = run.args?.which;
  const command = COMMANDS.find((c) => c === which) ?? 'build';
  const ids = (run.results ?? [])
    .filter((r) => typeof r.unique_id === 'string' && RETRIED.has(String(r.status)))
    .map((r) => r.unique_id as NodeId);
  return { last: { command, ids }, diagnostics: [] };
}
