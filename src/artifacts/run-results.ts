/** target/run_results.json in dbt's v6 shape (validated against dbt's schema in the tests). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodeResult } from '../execute/run-node.js';
import type { Manifest } from '../parser/manifest.js';
import { relationText } from '../compile/relation-text.js';
import { isRelationNode } from '../core/nodes.js';
import type { NodeId } from '../core/ids.js';
import { FORGE_VERSION } from '../core/version.js';
import { TARGET_DIR } from '../compile/target-paths.js';

const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

interface RunMeta {
  readonly invocationId: string;
  readonly startedAt: Date;
  readonly elapsedSeconds: number;
  readonly args: Readonly<Record<string, unknown>>;
}

function runResultsJson(manifest: Manifest, results: readonly NodeResult[], meta: RunMeta): unknown {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      dbt_version: `forge-${FORGE_VERSION}`,
      generated_at: new Date(meta.startedAt.getTime() + meta.elapsedSeconds * 1000).toISOString(),
      invocation_id: meta.invocationId,
      invocation_started_at: meta.startedAt.toISOString(),
      env: {},
    },
    results: results.map((r) => {
      const node = manifest.nodes.get(r.id as NodeId);
      const relation =
        node && isRelationNode(node) && node.resourceType !== 'source'
          ? relationText(node.relation, manifest.target)
          : null;
      const seconds = (r.completedAt.getTime() - r.startedAt.getTime()) / 1000;
      return {
        status: r.status,
        timing:
          r.status === 'skipped'
            ? []
            : [
                {
                  name: 'execute',
                  started_at: r.startedAt.toISOString(),
                  completed_at: r.completedAt.toISOString(),
                },
              ],
        thread_id: `Thread-${r.thread}`,
        execution_time: seconds,
        adapter_response:
          r.adapterResponse ?? (r.rows === undefined ? {} : { rows_affected: r.rows, _message: r.message }),
        message: r.message,
        failures: r.failures ?? null,
        unique_id: r.id,
        compiled: r.sql !== undefined,
        compiled_code: r.sql ?? null,
        relation_name: relation,
        batch_results: r.batches
          ? { successful: r.batches.map(([start, end]) => [start, end]), failed: [] }
          : null,
      };
    }),
    elapsed_time: meta.elapsedSeconds,
    args: meta.args,
  };
}

export async function writeRunResults(
  manifest: Manifest,
  results: readonly NodeResult[],
  meta: RunMeta,
): Promise<string> {
  const file = path.join(manifest.projectDir, TARGET_DIR, 'run_results.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(runResultsJson(manifest, results, meta), null, 1));
  return file;
}
