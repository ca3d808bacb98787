/**
 * Turns parsed files and YAML patches into nodes, applying config precedence:
 * project.yml folder config < YAML properties `config:` < the model's own `{{config …}}` call.
 */
import type { NodeConfig } from '../core/config.js';
import { configBoolean, mergeConfigs } from '../core/config.js';
import { nodeId, type NodeId } from '../core/ids.js';
import type { ForgeNode, ModelNode, SeedNode, SourceNode, TestNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { decodeMaterialization } from './decode-materialization.js';
import { configForFolders } from '../project/folder-config.js';
import type { ProjectFile } from '../project/project-file.js';
import type { NodePatch, SourceSpec } from './properties-spec.js';
import { sha256 } from '../core/hash.js';
import { relationFor, relationOriginFor, type NamingContext } from './relation-naming.js';
import type { ParsedTemplateFile } from './template-files.js';

export interface NodeSink {
  readonly nodes: Map<NodeId, ForgeNode>;
  readonly disabled: Map<NodeId, ForgeNode>;
  readonly diagnostics: Diagnostic[];
}

export function addNode(sink: NodeSink, node: ForgeNode, enabled: boolean): void {
  const existing = sink.nodes.get(node.id) ?? sink.disabled.get(node.id);
  if (existing) {
    sink.diagnostics.push(
      diagnostic(
        Codes.duplicateNode,
        `two ${node.resourceType}s are named "${node.name}": ` + `${existing.file} and ${node.file}`,
        { file: node.file },
        'names must be unique across the project',
      ),
    );
    return;
  }
  (enabled ? sink.nodes : sink.disabled).set(node.id, node);
}

/**
 * A model, or with `snapshot` a file under snapshots/ (default materialization snapshot, snapshots: folder config).
 * `diagnostics`: what is wrong with its materialization (reported for an enabled model only).
 */
export function buildModel(
  file: ParsedTemplateFile,
  project: ProjectFile,
  patch: NodePatch | undefined,
  naming: NamingContext,
  snapshot = false,
): { node: ModelNode; enabled: boolean; diagnostics: readonly Diagnostic[] } | undefined {
  if (!file.facts) return undefined;
  const folderConfig = configForFolders(snapshot ? project.snapshots : project.models, [
    ...file.folders,
    file.name,
  ]);
  const config = mergeConfigs(
    { materialized: snapshot ? 'snapshot' : 'view' },
    folderConfig,
    patch?.config ?? {},
    file.facts.config,
  );
  const { materialization, diagnostics } = decodeMaterialization({
    name: file.name,
    file: file.file,
    config,
    target: naming.target,
  });
  const node: ModelNode = {
    id: nodeId('model', project.name, file.name),
    resourceType: 'model',
    materialization,
    name: file.name,
    fqn: [project.name, ...(snapshot ? ['snapshots'] : []), ...file.folders, file.name],
    file: file.file,
    config,
    description: patch?.description ?? '',
    columns: patch?.columns ?? [],
    checksum: sha256(file.text),
    ...(patch ? { patchFile: patch.file, patchLocation: patch.location } : {}),
    relation: relationFor(naming, config, file.name),
    relationOrigin: relationOriginFor(naming, {
      folders: { tree: snapshot ? project.snapshots : project.models, path: [...file.folders, file.name] },
      ...(patch ? { patch: patch.origin } : {}),
      call: {
        config: file.facts.config,
        ...(file.facts.configLocation ? { location: file.facts.configLocation } : {}),
      },
    }),
    rawCode: file.text,
    facts: file.facts,
    dependsOn: [],
  };
  return { node, enabled: configBoolean(config, 'enabled', true), diagnostics };
}

export function buildSeed(
  seed: { path: string; checksum: string; header: readonly string[] },
  root: string,
  project: ProjectFile,
  patch: NodePatch | undefined,
  naming: NamingContext,
): { node: SeedNode; enabled: boolean } {
  const { path, checksum } = seed;
  const parts = path.slice(root.length + 1).split('/');
  const name = (parts.pop() ?? path).replace(/\.csv$/, '');
  const config = mergeConfigs(
    { materialized: 'seed' },
    configForFolders(project.seeds, [...parts, name]),
    patch?.config ?? {},
  );
  const node: SeedNode = {
    id: nodeId('seed', project.name, name),
    resourceType: 'seed',
    name,
    fqn: [project.name, ...parts, name],
    file: path,
    config,
    description: patch?.description ?? '',
    columns: patch?.columns ?? [],
    checksum,
    ...(patch ? { patchFile: patch.file } : {}),
    relation: relationFor(naming, config, name),
    relationOrigin: relationOriginFor(naming, {
      folders: { tree: project.seeds, path: [...parts, name] },
      ...(patch ? { patch: patch.origin } : {}),
    }),
    csvHeader: seed.header,
  };
  return { node, enabled: configBoolean(config, 'enabled', true) };
}

/** Tests keep failing rows (store_failures) in schema `test_audit`, named by the usual schema rule. */
export function auditRelationFor(naming: NamingContext, config: NodeConfig, name: string): Relation {
  return relationFor(naming, mergeConfigs({ schema: 'test_audit' }, config), name);
}

export function buildSource(spec: SourceSpec, project: ProjectFile, naming: NamingContext): SourceNode {
  const config: NodeConfig = spec.config;
  return {
    id: nodeId('source', project.name, spec.sourceName, spec.name),
    resourceType: 'source',
    name: spec.name,
    fqn: [project.name, spec.sourceName, spec.name],
    file: spec.file,
    config,
    description: spec.description,
    columns: spec.columns,
    checksum: sha256(`${spec.sourceName}.${spec.name}`),
    patchFile: spec.file,
    relation: {
      database: spec.database ?? naming.target.database,
      schema: spec.schema,
      identifier: spec.identifier,
    },
    relationOrigin: spec.origin,
    sourceName: spec.sourceName,
    tableName: spec.name,
    location: spec.location,
    ...(spec.loadedAtField ? { loadedAtField: spec.loadedAtField } : {}),
    ...(spec.freshness ? { freshness: spec.freshness } : {}),
    ...(spec.external ? { external: spec.external } : {}),
  };
}

/** The stream a source table declares, as a source of its own (`{{source "raw" "orders_changes"}}`). */
export function buildStream(
  spec: SourceSpec,
  table: SourceNode,
  project: ProjectFile,
): SourceNode | undefined {
  if (!spec.stream) return undefined;
  const { name, appendOnly } = spec.stream;
  return {
    id: nodeId('source', project.name, spec.sourceName, name),
    resourceType: 'source',
    name,
    fqn: [project.name, spec.sourceName, name],
    file: spec.file,
    config: {},
    description: `Changes to ${spec.sourceName}.${spec.name} (a stream${appendOnly ? ', inserts only' : ''}).`,
    columns: [],
    checksum: sha256(`${spec.sourceName}.${name}:stream:${appendOnly}`),
    patchFile: spec.file,
    relation: { ...table.relation, identifier: name },
    ...(table.relationOrigin ? { relationOrigin: table.relationOrigin } : {}),
    sourceName: spec.sourceName,
    tableName: name,
    location: spec.location,
    streamOf: { source: table.id, appendOnly },
  };
}

export function buildSingularTest(
  file: ParsedTemplateFile,
  project: ProjectFile,
  naming: NamingContext,
): TestNode | undefined {
  if (!file.facts) return undefined;
  const config = mergeConfigs(
    { severity: 'error' },
    configForFolders(project.tests, file.folders),
    file.facts.config,
  );
  return {
    id: nodeId('test', project.name, file.name),
    resourceType: 'test',
    testKind: 'singular',
    testName: file.name,
    name: file.name,
    fqn: [project.name, ...file.folders, file.name],
    file: file.file,
    config,
    auditRelation: auditRelationFor(naming, config, file.name),
    description: '',
    columns: [],
    checksum: sha256(file.text),
    kwargs: {},
    rawCode: file.text,
    facts: file.facts,
    dependsOn: [],
    location: { file: file.file, line: 1, column: 1 },
  };
}
