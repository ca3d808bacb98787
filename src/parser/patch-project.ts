/**
 * Watch mode's fast path: when the only files saved are existing model templates, the last good
 * manifest is patched instead of rebuilt — each saved model re-parsed, rebuilt with the same YAML
 * patch, folder config and naming, and its refs re-resolved against the unchanged names — so a save
 * costs the saved files, not the 10,000 others. Anything else (a new, deleted or renamed model, a
 * disabled one, a model with unit tests, macros, YAML, project.yml) returns undefined: the caller
 * parses everything, as before.
 */
import type { NodeId } from '../core/ids.js';
import { relationName } from '../core/relation.js';
import type { ForgeNode, ModelNode, TemplateFacts } from '../core/nodes.js';
import { hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { ProjectFile } from '../project/project-file.js';
import { buildModel } from './build-nodes.js';
import type { Manifest } from './manifest.js';
import type { NodePatch } from './properties-spec.js';
import type { SourceFile } from './project-files.js';
import { unwrittenDatabase, type NamingContext } from './relation-naming.js';
import { checkRelations } from './relation-checks.js';
import { resolveDependencies, type RefIndex } from './resolve-refs.js';
import { parseTemplateFile, type ParsedTemplateFile, type TemplateScope } from './template-files.js';

/** What a full parse knew that a patch needs again (kept by the caller between saves). */
export interface PatchContext {
  readonly project: ProjectFile;
  readonly scope: Omit<TemplateScope, 'root'>;
  readonly naming: NamingContext;
  readonly modelPatches: ReadonlyMap<string, NodePatch>;
  readonly refIndex: RefIndex;
  readonly withMacroFacts: (facts: TemplateFacts) => TemplateFacts;
}

interface Patched {
  readonly manifest: Manifest;
  /** The rebuilt nodes, and whether any of them now depends on different nodes. */
  readonly ids: readonly NodeId[];
  readonly edgesChanged: boolean;
  readonly parsed: readonly ParsedTemplateFile[];
  readonly diagnostics: readonly Diagnostic[];
}

export function patchProject(
  context: PatchContext,
  previous: Manifest,
  files: readonly SourceFile[],
): Patched | undefined {
  const byFile = new Map<string, ModelNode>();
  for (const node of previous.nodes.values()) if (node.resourceType === 'model') byFile.set(node.file, node);
  const attached = new Set(
    [...previous.nodes.values()].flatMap((n) => (n.resourceType === 'unit_test' ? [n.attachedTo] : [])),
  );
  const nodes = new Map<NodeId, ForgeNode>(previous.nodes);
  const ids: NodeId[] = [];
  const parsedFiles: ParsedTemplateFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let edgesChanged = false;
  let relationsChanged = false;
  for (const file of files) {
    const before = byFile.get(file.path);
    if (
      !before ||
      (before.resourceType === 'model' && before.materialization.kind === 'snapshot') ||
      attached.has(before.id) ||
      !file.path.startsWith(`${context.project.paths.models}/`)
    )
      return undefined;
    const parsed = parseTemplateFile(file, { ...context.scope, root: context.project.paths.models });
    parsedFiles.push(parsed);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.facts || parsed.kind !== 'model' || parsed.name !== before.name)
      return hasErrors(parsed.diagnostics)
        ? { manifest: previous, ids: [], edgesChanged: false, parsed: parsedFiles, diagnostics }
        : undefined;
    const built = buildModel(
      { ...parsed, facts: context.withMacroFacts(parsed.facts) },
      context.project,
      context.modelPatches.get(parsed.name),
      context.naming,
      false,
    );
    if (!built || !built.enabled || built.node.id !== before.id || built.node.resourceType !== 'model')
      return undefined;
    diagnostics.push(...built.diagnostics);
    const resolved = resolveDependencies(built.node.facts, context.refIndex);
    diagnostics.push(...resolved.diagnostics);
    const node: ModelNode = {
      ...built.node,
      dependsOn: [...new Set([...built.node.dependsOn, ...resolved.dependsOn])],
    };
    relationsChanged ||= relationName(node.relation) !== relationName(before.relation);
    edgesChanged ||=
      node.dependsOn.length !== before.dependsOn.length ||
      node.dependsOn.some((d, i) => d !== before.dependsOn[i]);
    nodes.set(node.id, node);
    ids.push(node.id);
  }
  // a saved alias or schema may now collide with another node's relation (checked only then: it costs every node)
  if (relationsChanged)
    diagnostics.push(...checkRelations(nodes.values(), unwrittenDatabase(context.naming.target)));
  return { manifest: { ...previous, nodes }, ids, edgesChanged, parsed: parsedFiles, diagnostics };
}
