/**
 * The data the docs site shows, gathered into one JSON document: every node (with its columns and
 * their warehouse types from the catalog, its tests and their last results, config, raw and compiled
 * SQL), the edges, the last run as a timeline, and each ML node's versions and evaluation. Pure but
 * for reading files under target/ (run results, ML artifacts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Column } from '../adapters/adapter.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import type { NodeId } from '../core/ids.js';
import { dependenciesOf, type ForgeNode } from '../core/nodes.js';
import type { Manifest } from '../parser/manifest.js';

export interface DocsNode {
  readonly id: string;
  readonly name: string;
  readonly resourceType: string;
  /** What the graph lays out by: bronze, silver, gold, features, ml, seeds, sources, tests… */
  readonly layer: string;
  readonly fqn: readonly string[];
  readonly file: string;
  readonly description: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly description: string }[];
  readonly parents: readonly string[];
  readonly rawCode: string;
  readonly compiledCode: string;
  /** Selector matching needs these (the site evaluates the selection grammar itself). */
  readonly sourceName?: string;
  readonly tableName?: string;
  readonly testName?: string;
  readonly testKind?: string;
  readonly attachedTo?: string;
  readonly lastResult?: { readonly status: string; readonly message: string; readonly seconds: number };
}

export interface RunSpan {
  readonly id: string;
  readonly status: string;
  readonly thread: string;
  readonly start: number;
  readonly end: number;
}

export interface MlVersion {
  readonly version: number;
  readonly evaluation: unknown;
  readonly oracle: unknown;
  readonly artifact: { readonly algorithm?: unknown; readonly task?: unknown };
}

export interface DocsData {
  readonly project: string;
  readonly target: string;
  readonly generatedAt: string;
  readonly nodes: readonly DocsNode[];
  readonly run?: { readonly invocationId: string; readonly spans: readonly RunSpan[] };
  readonly ml: Readonly<Record<string, readonly MlVersion[]>>;
}

function layerOf(node: ForgeNode): string {
  if (node.resourceType === 'ml') return 'ml';
  if (node.resourceType === 'source') return 'sources';
  if (node.resourceType === 'seed') return 'seeds';
  if (node.resourceType === 'test' || node.resourceType === 'unit_test') return 'tests';
  const folder = node.file.split('/')[1] ?? '';
  return node.materialization.kind === 'snapshot' ? 'snapshots' : folder.endsWith('.sql') ? 'models' : folder;
}

interface RunResultsFile {
  metadata?: { invocation_id?: string };
  results?: {
    unique_id: string;
    status: string;
    message?: string;
    execution_time?: number;
    thread_id?: string;
    timing?: { started_at: string; completed_at: string }[];
    compiled_code?: string;
  }[];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function mlVersions(projectDir: string, name: string): MlVersion[] {
  const dir = path.join(projectDir, TARGET_DIR, 'ml', name);
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => /^v\d+\.json$/.test(f));
  } catch {
    return [];
  }
  return files
    .map((f) => readJson<MlVersion>(path.join(dir, f)))
    .filter((v): v is MlVersion => v !== undefined)
    .map((v) => ({
      version: v.version,
      evaluation: v.evaluation,
      oracle: v.oracle,
      artifact: { algorithm: v.artifact.algorithm, task: v.artifact.task },
    }))
    .sort((a, b) => b.version - a.version);
}

export function docsData(
  manifest: Manifest,
  catalog: ReadonlyMap<NodeId, readonly Column[]>,
  generatedAt: string,
): DocsData {
  const run = readJson<RunResultsFile>(path.join(manifest.projectDir, TARGET_DIR, 'run_results.json'));
  const results = new Map((run?.results ?? []).map((r) => [r.unique_id, r]));
  const nodes: DocsNode[] = [...manifest.nodes.values()].map((node) => {
    const result = results.get(node.id);
    const warehouse = catalog.get(node.id) ?? [];
    const declared = new Map(node.columns.map((c) => [c.name.toLowerCase(), c]));
    const names = [...new Set([...warehouse.map((c) => c.name), ...node.columns.map((c) => c.name)])];
    return {
      id: node.id,
      name: node.name,
      resourceType: node.resourceType,
      layer: layerOf(node),
      fqn: node.fqn,
      file: node.file,
      description: node.description,
      config: node.config as Record<string, unknown>,
      columns: names.map((n) => ({
        name: n,
        type:
          warehouse.find((c) => c.name.toLowerCase() === n.toLowerCase())?.type ??
          declared.get(n.toLowerCase())?.dataType ??
          '',
        description: declared.get(n.toLowerCase())?.description ?? '',
      })),
      parents: node.resourceType === 'unit_test' ? [node.attachedTo] : [...dependenciesOf(node)],
      rawCode: node.resourceType === 'model' || node.resourceType === 'test' ? node.rawCode : '',
      compiledCode: result?.compiled_code ?? '',
      ...(node.resourceType === 'source' ? { sourceName: node.sourceName, tableName: node.tableName } : {}),
      ...(node.resourceType === 'test'
        ? {
            testName: node.testName,
            testKind: node.testKind,
            ...(node.attachedTo ? { attachedTo: node.attachedTo } : {}),
          }
        : {}),
      ...(node.resourceType === 'unit_test'
        ? { testName: node.name, testKind: 'unit', attachedTo: node.attachedTo }
        : {}),
      ...(result
        ? {
            lastResult: {
              status: result.status,
              message: result.message ?? '',
              seconds: result.execution_time ?? 0,
            },
          }
        : {}),
    };
  });
  const spans: RunSpan[] = (run?.results ?? []).flatMap((r) => {
    const t = r.timing?.[0];
    return t
      ? [
          {
            id: r.unique_id,
            status: r.status,
            thread: r.thread_id ?? '',
            start: Date.parse(t.started_at),
            end: Date.parse(t.completed_at),
          },
        ]
      : [];
  });
  const ml: Record<string, MlVersion[]> = {};
  for (const node of manifest.nodes.values())
    if (node.resourceType === 'ml') ml[node.name] = mlVersions(manifest.projectDir, node.name);
  return {
    project: manifest.project.name,
    target: manifest.target.name,
    generatedAt,
    nodes,
    ...(run?.metadata?.invocation_id ? { run: { invocationId: run.metadata.invocation_id, spans } } : {}),
    ml,
  };
}
