/**
 * Generic data tests declared in YAML (`tests: [unique, not_null]` on a column) become test nodes
 * attached to their model, seed or source. A `relationships` test also depends on its `to` node.
 */
import type { ConfigValue } from '../core/config.js';
import { mergeConfigs } from '../core/config.js';
import { nodeId, type NodeId } from '../core/ids.js';
import type { ForgeNode, RefCall, SourceCall, TemplateFacts, TestNode } from '../core/nodes.js';
import type { ProjectFile } from '../project/project-file.js';
import { sha256 } from './project-files.js';
import type { TestSpec } from './properties.js';

const REF_PATTERN = /^\s*ref\(\s*['"]([\w.-]+)['"]\s*\)\s*$/;
const SOURCE_PATTERN = /^\s*source\(\s*['"]([\w.-]+)['"]\s*,\s*['"]([\w.-]+)['"]\s*\)\s*$/;

export function buildGenericTest(spec: TestSpec, owner: ForgeNode, project: ProjectFile): TestNode {
  const { refs, sources } = relationshipTarget(spec);
  const facts: TemplateFacts = { refs, sources, config: {}, macros: [], vars: [], envVars: [] };
  const ownerName = owner.resourceType === 'source' ? `${owner.sourceName}_${owner.name}` : owner.name;
  const name = testNodeName(spec, ownerName);
  const hash = sha256(JSON.stringify([owner.id, spec.columnName ?? null, spec.testName, spec.kwargs])).slice(0, 10);
  const kwargs: Record<string, ConfigValue> = { ...spec.kwargs, ...(spec.columnName ? { column_name: spec.columnName } : {}) };
  return {
    id: nodeId('test', project.name, name, hash),
    resourceType: 'test',
    testKind: 'generic',
    testName: spec.testName,
    name,
    fqn: [project.name, ...owner.fqn.slice(1, -1), name],
    file: spec.location.file,
    config: mergeConfigs({ severity: 'error' }, spec.config),
    description: '',
    columns: [],
    checksum: hash,
    kwargs,
    attachedTo: owner.id,
    ...(spec.columnName ? { columnName: spec.columnName } : {}),
    rawCode: `{{ test_${spec.testName} }}`,
    facts,
    dependsOn: [owner.id as NodeId],
    location: spec.location,
  };
}

function testNodeName(spec: TestSpec, ownerName: string): string {
  const parts = [spec.testName, ownerName, ...(spec.columnName ? [spec.columnName] : [])];
  const values = spec.kwargs['values'];
  if (Array.isArray(values)) parts.push('', ...values.map((v) => String(v)));
  const to = spec.kwargs['to'];
  if (typeof to === 'string') parts.push('', to.replace(/\W+/g, '_'));
  return parts.join('_').replace(/[^\w]+/g, '_').replace(/_+$/, '').slice(0, 120);
}

function relationshipTarget(spec: TestSpec): { refs: RefCall[]; sources: SourceCall[] } {
  const to = spec.kwargs['to'];
  if (spec.testName !== 'relationships' || typeof to !== 'string') return { refs: [], sources: [] };
  const source = SOURCE_PATTERN.exec(to);
  if (source?.[1] && source[2]) return { refs: [], sources: [{ source: source[1], table: source[2], location: spec.location }] };
  const name = REF_PATTERN.exec(to)?.[1] ?? to.trim();
  return { refs: [{ name, location: spec.location }], sources: [] };
}
