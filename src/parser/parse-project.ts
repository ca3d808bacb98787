/**
 * Parse: project files → Manifest plus every diagnostic at once. Pure: it reads only the in-memory
 * files it is given (see project-files.ts for the reading).
 */
import type { ConfigValue } from '../core/config.js';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { ProjectFile } from '../project/project-file.js';
import type { Target } from '../project/targets.js';
import { callableMacroNames, macroFactsByName, withMacroFacts } from './macro-facts.js';
import {
  addNode,
  buildModel,
  buildSeed,
  buildSingularTest,
  buildSource,
  buildStream,
  type NodeSink,
} from './build-nodes.js';
import { buildMl } from './build-ml-node.js';
import { parseMlFiles } from '../ml/spec/ml-spec.js';
import { addGenericTests } from './generic-tests.js';
import { contractEnforced } from '../data-tests/contract.js';
import type { Manifest } from './manifest.js';
import type { ProjectFiles, SourceFile } from './project-files.js';
import { parseProperties } from './properties.js';
import type { NodePatch } from './properties-spec.js';
import { addUnitTests } from './build-unit-tests.js';
import { unwrittenDatabase, type NamingContext } from './relation-naming.js';
import { checkRelations } from './relation-checks.js';
import { buildRefIndex, resolveDependencies, type RefIndex } from './resolve-refs.js';
import type { PatchContext } from './patch-project.js';
import { parseTemplateFile, type ParsedTemplateFile, type TemplateScope } from './template-files.js';
import { templateInputs, type ParseCache } from './parse-cache.js';

interface ParseInput {
  readonly projectDir: string;
  readonly project: ProjectFile;
  readonly target: Target;
  readonly files: ProjectFiles;
  /** project.yml vars overlaid with --vars. */
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The previous parse's cache; the parse fills `nextCache` (see parse-cache.ts). */
  readonly cache?: ParseCache;
  readonly nextCache?: ParseCache;
}

export function parseProject(input: ParseInput): {
  manifest: Manifest;
  diagnostics: Diagnostic[];
  patch: PatchContext;
} {
  const { project, target, vars, env } = input;
  const diagnostics: Diagnostic[] = [];
  const { macros, callable } = callableMacroNames(input.files.macros, diagnostics);
  const scope = { macros: callable, vars, env };
  const parseCached = cachedTemplateParser(
    input,
    [...callable].sort().join(',') + JSON.stringify(project.paths),
  );
  const templates = [
    ...input.files.models.map((f) => parseCached(f, { ...scope, root: project.paths.models })),
    ...input.files.snapshots.map((f) => ({
      ...parseCached(f, { ...scope, root: project.paths.snapshots }),
      snapshot: true,
    })),
  ];
  for (const seed of input.files.seeds)
    input.nextCache?.seeds.set(seed.path, { ...seed.stamp, checksum: seed.checksum, header: seed.header });
  const properties = parseProperties(input.files.properties);
  diagnostics.push(...properties.diagnostics);
  const naming: NamingContext = { target, macros, vars, env };
  const sink: NodeSink = { nodes: new Map(), disabled: new Map(), diagnostics };
  const macroFacts = macroFactsByName(macros, callable, vars, env, diagnostics);
  const modelPatches = patchesByName(properties.models, 'model', diagnostics);
  for (const file of templates) {
    diagnostics.push(...file.diagnostics);
    const facts = file.facts && withMacroFacts(file.facts, macroFacts);
    const withFacts = facts ? { ...file, facts } : file;
    if (file.kind === 'singular-test') {
      const test = buildSingularTest(withFacts, project, naming);
      if (test) addNode(sink, test, true);
      continue;
    }
    const built = buildModel(withFacts, project, modelPatches.get(file.name), naming, 'snapshot' in file);
    if (!built) continue;
    addNode(sink, built.node, built.enabled);
    if (built.enabled) diagnostics.push(...built.diagnostics);
  }
  const seedPatches = patchesByName(properties.seeds, 'seed', diagnostics);
  for (const seed of input.files.seeds) {
    const built = buildSeed(
      seed,
      project.paths.seeds,
      project,
      seedPatches.get(seed.path.replace(/^.*\/|\.csv$/g, '')),
      naming,
    );
    addNode(sink, built.node, built.enabled);
  }
  for (const spec of properties.sources) {
    const table = buildSource(spec, project, naming);
    addNode(sink, table, true);
    const stream = buildStream(spec, table, project);
    if (stream) addNode(sink, stream, true);
  }
  const ml = parseMlFiles(input.files.ml);
  diagnostics.push(...ml.diagnostics);
  for (const spec of ml.specs) addNode(sink, buildMl(spec, project, naming), true);
  diagnostics.push(...checkRelations(sink.nodes.values(), unwrittenDatabase(target)));
  reportOrphanPatches(modelPatches, sink, 'model', diagnostics);
  validateContracts(sink, modelPatches);
  addGenericTests(
    sink,
    { patches: [...modelPatches.values(), ...seedPatches.values()], sources: properties.sources, macros },
    project,
    naming,
  );
  const { nodes, index } = resolveAll(sink, diagnostics);
  addUnitTests(properties.unitTests, nodes, project, diagnostics);
  const manifest: Manifest = {
    projectDir: input.projectDir,
    project,
    target,
    vars,
    env,
    nodes,
    disabled: sink.disabled,
    macros,
  };
  const patch: PatchContext = {
    project,
    scope,
    naming,
    modelPatches,
    refIndex: index,
    withMacroFacts: (facts) => withMacroFacts(facts, macroFacts),
  };
  return { manifest, diagnostics, patch };
}

/** parseTemplateFile through the cache: reuse the previous parse of unchanged text with unchanged inputs. */
function cachedTemplateParser(
  input: ParseInput,
  context: string,
): (file: SourceFile, scope: TemplateScope) => ParsedTemplateFile {
  const previous = input.cache?.context === context ? input.cache : undefined;
  const next = input.nextCache;
  if (next) next.context = context;
  return (file, scope) => {
    const entry = previous?.templates.get(file.path);
    const reused =
      entry &&
      entry.parsed.text === file.text &&
      entry.inputs === templateInputs(entry.parsed, input.vars, input.env)
        ? entry.parsed
        : undefined;
    const parsed = reused ?? parseTemplateFile(file, scope);
    if (next && file.stamp) {
      next.templates.set(file.path, {
        ...file.stamp,
        parsed,
        inputs: reused ? (entry?.inputs ?? '') : templateInputs(parsed, input.vars, input.env),
      });
      if (reused) next.reused++;
      else next.parsed++;
    }
    return parsed;
  };
}

function patchesByName(
  patches: readonly NodePatch[],
  what: string,
  diagnostics: Diagnostic[],
): Map<string, NodePatch> {
  const byName = new Map<string, NodePatch>();
  for (const patch of patches) {
    const existing = byName.get(patch.name);
    if (existing) {
      diagnostics.push(
        diagnostic(
          Codes.duplicateProperties,
          `${what} "${patch.name}" has properties in two places ` + `(also ${existing.file})`,
          patch.location,
        ),
      );
    }
    byName.set(patch.name, patch);
  }
  return byName;
}

function reportOrphanPatches(
  patches: ReadonlyMap<string, NodePatch>,
  sink: NodeSink,
  what: string,
  diagnostics: Diagnostic[],
): void {
  const names = new Set([...sink.nodes.values(), ...sink.disabled.values()].map((n) => n.name));
  for (const patch of patches.values()) {
    if (!names.has(patch.name)) {
      diagnostics.push(
        diagnostic(
          Codes.propertiesUnknownModel,
          `properties for ${what} "${patch.name}", which has no SQL file`,
          patch.location,
          `create models/…/${patch.name}.sql or remove the entry`,
          'warn',
        ),
      );
    }
  }
}

/** An enforced contract needs declared columns, each with a data_type. */
function validateContracts(sink: NodeSink, patches: ReadonlyMap<string, NodePatch>): void {
  for (const node of sink.nodes.values()) {
    if (node.resourceType !== 'model' || !contractEnforced(node)) continue;
    const at = patches.get(node.name)?.location ?? { file: node.file };
    const untyped = node.columns.filter((c) => !c.dataType).map((c) => c.name);
    if (node.columns.length === 0) {
      sink.diagnostics.push(
        diagnostic(
          Codes.contractInvalid,
          `${node.name} enforces a contract but declares no columns`,
          at,
          'list the columns with name and data_type in its YAML properties',
        ),
      );
    } else if (untyped.length > 0) {
      sink.diagnostics.push(
        diagnostic(
          Codes.contractInvalid,
          `${node.name} enforces a contract; these columns need a data_type: ${untyped.join(', ')}`,
          at,
        ),
      );
    }
  }
}

function resolveAll(
  sink: NodeSink,
  diagnostics: Diagnostic[],
): { nodes: Map<NodeId, ForgeNode>; index: RefIndex } {
  const index = buildRefIndex(sink.nodes.values(), sink.disabled.values());
  const nodes = new Map<NodeId, ForgeNode>();
  for (const [id, node] of sink.nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'test' && node.resourceType !== 'ml') {
      nodes.set(id, node);
      continue;
    }
    const resolved = resolveDependencies(node.facts, index);
    diagnostics.push(...resolved.diagnostics);
    nodes.set(id, { ...node, dependsOn: [...new Set([...node.dependsOn, ...resolved.dependsOn])] });
  }
  return { nodes, index };
}
