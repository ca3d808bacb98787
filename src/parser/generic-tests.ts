/**
 * Generic data tests declared in YAML (`tests: [unique, not_null]` on a column) become test nodes
 * attached to their model, seed or source. A `relationships` test also depends on its `to` node.
 */
import type { ConfigValue } from '../core/config.js';
import { mergeConfigs } from '../core/config.js';
import { nodeId, type NodeId } from '../core/ids.js';
import type { ForgeNode, RefCall, SourceCall, TemplateFacts, TestNode } from '../core/nodes.js';
import type { ProjectFile } from '../project/project-file.js';
import { sha256 } from '../core/hash.js';
import type { NodePatch, SourceSpec, TestSpec } from './properties-spec.js';
import { addNode, auditRelationFor, type NodeSink } from './build-nodes.js';
import type { NamingContext } from './relation-naming.js';
import { validateTest, type CustomTestMacro } from '../data-tests/validate-test.js';
import { relationArg, testNameOfMacro } from '../data-tests/relation-args.js';
import { calledName, type MacroDefinition } from '../template/macros.js';
import { configBoolean } from '../core/config.js';

/** `taken`: names already given, so two tests that differ only in arguments (two regexes on one column) get two names and two compiled files. */
function buildGenericTest(
  spec: TestSpec,
  owner: ForgeNode,
  project: ProjectFile,
  naming: NamingContext,
  taken = new Set<string>(),
): TestNode {
  const { refs, sources } = relationTargets(spec);
  const facts: TemplateFacts = { refs, sources, config: {}, macros: [], vars: [], envVars: [] };
  const ownerName = owner.resourceType === 'source' ? `${owner.sourceName}_${owner.name}` : owner.name;
  const hash = sha256(JSON.stringify([owner.id, spec.columnName ?? null, spec.testName, spec.kwargs])).slice(
    0,
    10,
  );
  const base = testNodeName(spec, ownerName);
  const name = taken.has(base) ? `${base}_${hash.slice(0, 6)}` : base;
  taken.add(name);
  const kwargs: Record<string, ConfigValue> = {
    ...spec.kwargs,
    ...(spec.columnName ? { column_name: spec.columnName } : {}),
  };
  const config = mergeConfigs({ severity: 'error' }, project.tests.config, spec.config);
  return {
    id: nodeId('test', project.name, name, hash),
    resourceType: 'test',
    testKind: 'generic',
    testName: spec.testName,
    name,
    fqn: [project.name, ...owner.fqn.slice(1, -1), name],
    file: spec.location.file,
    config,
    auditRelation: auditRelationFor(naming, config, name),
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
  return parts
    .join('_')
    .replace(/[^\w]+/g, '_')
    .replace(/_+$/, '')
    .slice(0, 120);
}

/** The nodes a test's arguments name: relationships' `to`, and any `ref(…)`/`source(…)` argument. */
function relationTargets(spec: TestSpec): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const [key, value] of Object.entries(spec.kwargs)) {
    const arg = relationArg(value, spec.testName === 'relationships' && key === 'to');
    if (!arg) continue;
    if ('ref' in arg) refs.push({ name: arg.ref, location: spec.location });
    else sources.push({ source: arg.source, table: arg.table, location: spec.location });
  }
  return { refs, sources };
}

/** Custom generic tests: macros named `test_<name>` (a package's `<namespace>.test_<name>`: test `<namespace>.<name>`). */
function customTests(macros: ReadonlyMap<string, MacroDefinition>): Map<string, CustomTestMacro> {
  const tests = new Map<string, CustomTestMacro>();
  for (const macro of macros.values()) {
    const test = testNameOfMacro(calledName(macro.name));
    if (test !== undefined && !tests.has(test)) tests.set(test, macro);
  }
  return tests;
}

/** A node's columns when they are known exactly at parse time: a seed's header, a contracted model's YAML. */
function knownColumns(owner: ForgeNode): readonly string[] | undefined {
  if (owner.resourceType === 'seed') return owner.csvHeader.length > 0 ? owner.csvHeader : undefined;
  const contract = owner.config['contract'];
  const enforced =
    typeof contract === 'object' &&
    contract !== null &&
    !Array.isArray(contract) &&
    (contract as Record<string, unknown>)['enforced'] === true;
  return owner.resourceType === 'model' && enforced && owner.columns.length > 0
    ? owner.columns.map((c) => c.name)
    : undefined;
}

interface TestSources {
  readonly patches: readonly NodePatch[];
  readonly sources: readonly SourceSpec[];
  readonly macros: ReadonlyMap<string, MacroDefinition>;
}

/** Validates every YAML test and adds the valid ones as nodes of the sink. */
export function addGenericTests(
  sink: NodeSink,
  input: TestSources,
  project: ProjectFile,
  naming: NamingContext,
): void {
  const custom = customTests(input.macros);
  const taken = new Set<string>();
  const owners = new Map<string, ForgeNode>();
  for (const node of sink.nodes.values()) {
    owners.set(node.resourceType === 'source' ? `source:${node.sourceName}.${node.name}` : node.name, node);
  }
  const add = (owner: ForgeNode | undefined, specs: readonly TestSpec[]): void => {
    if (!owner) return;
    for (const spec of specs) {
      const problems = validateTest(
        {
          ...spec,
          ownerName: owner.name,
          ...(knownColumns(owner) ? { knownColumns: knownColumns(owner) as readonly string[] } : {}),
        },
        custom,
      );
      sink.diagnostics.push(...problems);
      if (problems.length > 0) continue;
      const test = buildGenericTest(spec, owner, project, naming, taken);
      addNode(sink, test, configBoolean(test.config, 'enabled', true));
    }
  };
  for (const patch of input.patches) add(owners.get(patch.name), patch.tests);
  for (const source of input.sources)
    add(owners.get(`source:${source.sourceName}.${source.name}`), source.tests);
}
