/**
 * The dbt manifest v12 shape of Forge's nodes (validated against dbt's own JSON Schema in tests).
 * Pure: turns nodes into plain JSON objects; writing is done by write-artifacts.ts.
 */
import type { NodeId } from '../core/ids.js';
import {
  dependenciesOf,
  type ColumnInfo,
  type ForgeNode,
  type SourceNode,
  type UnitTestNode,
} from '../core/nodes.js';
import type { Fixture } from '../core/unit-test-spec.js';
import type { Manifest } from '../parser/manifest.js';
import type { MacroDefinition } from '../template/macros.js';
import { configStrings } from '../core/config.js';
import { relationText } from '../compile/relation-text.js';
import { FORGE_VERSION } from '../core/version.js';

const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface ManifestMeta {
  readonly generatedAt: string;
  readonly invocationId: string;
}

export function manifestMetadata(manifest: Manifest, meta: ManifestMeta): Json {
  return {
    dbt_schema_version: MANIFEST_SCHEMA,
    dbt_version: `forge-${FORGE_VERSION}`,
    generated_at: meta.generatedAt,
    invocation_id: meta.invocationId,
    env: {},
    project_name: manifest.project.name,
    adapter_type: manifest.target.type,
  };
}

const NO_COLUMNS: Json = {};

function columnsJson(columns: readonly ColumnInfo[]): Json {
  if (columns.length === 0) return NO_COLUMNS;
  const out: Record<string, Json> = {};
  for (const c of columns) {
    out[c.name] = {
      name: c.name,
      description: c.description,
      meta: c.meta as Json,
      data_type: c.dataType ?? null,
      constraints: [],
      tags: [],
    };
  }
  return out;
}

/** One node of `nodes` (everything but sources); `compiledSql` when it was compiled. */
export function nodeJson(
  manifest: Manifest,
  node: Exclude<ForgeNode, SourceNode | UnitTestNode>,
  compiledSql: string | undefined,
  compiledPath: string | undefined,
): Json {
  const relation = node.resourceType === 'test' ? node.auditRelation : node.relation;
  const base: Record<string, Json> = {
    database: relation.database,
    schema: relation.schema,
    name: node.name,
    resource_type:
      node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'test'
        ? node.resourceType
        : 'model',
    package_name: manifest.project.name,
    path: node.file.split('/').slice(1).join('/'),
    original_file_path: node.file,
    unique_id: node.id,
    fqn: node.fqn,
    alias: relation.identifier,
    checksum: { name: 'sha256', checksum: node.checksum },
    config: node.config as Json,
    tags: configStrings(node.config, 'tags'),
    description: node.description,
    columns: columnsJson(node.columns),
    meta: (node.config['meta'] ?? {}) as Json,
    patch_path: node.patchFile ? `${manifest.project.name}://${node.patchFile}` : null,
    unrendered_config: {},
  };
  // One object, filled in place: at 100,000 nodes every copy shows in the garbage collector.
  if (node.resourceType === 'seed') {
    base['root_path'] = manifest.projectDir;
    return base;
  }
  base['raw_code'] = node.resourceType === 'ml' ? '' : node.rawCode;
  base['language'] = 'sql';
  base['refs'] = node.facts.refs.map((r) => ({ name: r.name, package: null, version: null }));
  base['sources'] = node.facts.sources.map((s) => [s.source, s.table]);
  base['depends_on'] = {
    macros: node.facts.macros.map((m) => `macro.${manifest.project.name}.${m}`),
    nodes: node.dependsOn,
  };
  base['compiled'] = compiledSql !== undefined;
  if (compiledSql !== undefined) base['compiled_code'] = compiledSql;
  if (compiledPath !== undefined) base['compiled_path'] = compiledPath;
  if (node.resourceType === 'model' || node.resourceType === 'ml') {
    base['relation_name'] = relationText(node.relation, manifest.target);
  } else if (node.testKind === 'generic') {
    base['column_name'] = node.columnName ?? null;
    base['attached_node'] = node.attachedTo ?? null;
    base['test_metadata'] = { name: node.testName, kwargs: node.kwargs as Json, namespace: null };
  }
  return base;
}

export function sourceJson(manifest: Manifest, node: SourceNode): Json {
  return {
    database: node.relation.database,
    schema: node.relation.schema,
    name: node.name,
    resource_type: 'source',
    package_name: manifest.project.name,
    path: node.file,
    original_file_path: node.file,
    unique_id: node.id,
    fqn: [...node.fqn],
    source_name: node.sourceName,
    source_description: '',
    loader: '',
    identifier: node.relation.identifier,
    loaded_at_field: node.loadedAtField ?? null,
    description: node.description,
    columns: columnsJson(node.columns),
    relation_name: relationText(node.relation, manifest.target),
  };
}

function fixtureJson(fixture: Fixture): Record<string, Json> {
  if ('file' in fixture) return { format: 'csv', fixture: fixture.file, rows: null };
  return 'csv' in fixture
    ? { format: 'csv', rows: fixture.csv, fixture: null }
    : { format: 'dict', rows: fixture.rows as Json, fixture: null };
}

/** One entry of `unit_tests`. */
export function unitTestJson(manifest: Manifest, node: UnitTestNode): Json {
  const { spec } = node;
  return {
    model: spec.model,
    given: spec.given.map((g) => ({ input: g.text, ...fixtureJson(g.fixture) })),
    expect: fixtureJson(spec.expect),
    name: node.name,
    resource_type: 'unit_test',
    package_name: manifest.project.name,
    path: node.file.split('/').slice(1).join('/'),
    original_file_path: node.file,
    unique_id: node.id,
    fqn: [...node.fqn],
    description: node.description,
    depends_on: { macros: [], nodes: [node.attachedTo] },
  };
}

export function macroJson(manifest: Manifest, macro: MacroDefinition): Json {
  return {
    name: macro.name,
    resource_type: 'macro',
    package_name: manifest.project.name,
    path: macro.file,
    original_file_path: macro.file,
    unique_id: `macro.${manifest.project.name}.${macro.name}`,
    macro_sql: macro.sql,
    arguments: macro.params.map((p) => ({ name: p.name, type: null, description: '' })),
  };
}

/** parent_map and child_map over every node and source. */
export function lineageMaps(manifest: Manifest): {
  parents: Map<NodeId, NodeId[]>;
  children: Map<NodeId, NodeId[]>;
} {
  const parents = new Map<NodeId, NodeId[]>();
  const children = new Map<NodeId, NodeId[]>();
  for (const id of manifest.nodes.keys()) {
    parents.set(id, []);
    children.set(id, []);
  }
  for (const node of manifest.nodes.values()) {
    for (const parent of dependenciesOf(node)) {
      parents.get(node.id)?.push(parent);
      children.get(parent)?.push(node.id);
    }
  }
  return { parents, children };
}
