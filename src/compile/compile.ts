/**
 * Compile: renders the selected nodes of a manifest into SQL. Pure: no I/O, no clock. Whether a
 * model's relation already exists (for `is_incremental`) is an input, never looked up here.
 */
import type { NodeId } from '../core/ids.js';
import type { ForgeNode, ModelNode, TestNode } from '../core/nodes.js';
import { isRelationNode } from '../core/nodes.js';
import { genericTestSql } from '../data-tests/generic-sql.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import { parseTemplate } from '../template/handlebars-parse.js';
import { RelationValue, renderTemplate, type RenderEnv } from '../template/render.js';
import { relationText } from './relation-text.js';

export interface CompiledNode {
  readonly id: NodeId;
  readonly sql: string;
}

export interface CompileOptions {
  /** Models whose relation exists and that should render their incremental branch. */
  readonly incremental?: ReadonlySet<NodeId>;
}

export function compileNodes(manifest: Manifest, ids: Iterable<NodeId>, options: CompileOptions = {}): { compiled: Map<NodeId, CompiledNode>; diagnostics: Diagnostic[] } {
  const compiled = new Map<NodeId, CompiledNode>();
  const compiler = createCompiler(manifest, options);
  for (const id of ids) {
    const sql = compiler.compile(id);
    if (sql !== undefined) compiled.set(id, { id, sql });
  }
  return { compiled, diagnostics: compiler.diagnostics };
}

/** Compiles one node at a time (for streaming); render problems collect in `diagnostics`. */
export interface Compiler {
  compile(id: NodeId): string | undefined;
  readonly diagnostics: Diagnostic[];
}

export function createCompiler(manifest: Manifest, options: CompileOptions = {}): Compiler {
  const relations = relationIndex(manifest);
  const diagnostics: Diagnostic[] = [];
  const compile = (id: NodeId): string | undefined => {
    const node = manifest.nodes.get(id);
    if (!node) return undefined;
    try {
      return compileNode(manifest, node, relations, options);
    } catch (error) {
      if (error instanceof ForgeError) diagnostics.push(...error.diagnostics);
      else diagnostics.push(diagnostic(Codes.renderFailed, `could not render ${node.name}: ${String(error)}`, { file: node.file }));
      return undefined;
    }
  };
  return { compile, diagnostics };
}

interface RelationIndex {
  readonly byName: ReadonlyMap<string, string>;
  readonly sources: ReadonlyMap<string, string>;
}

function relationIndex(manifest: Manifest): RelationIndex {
  const byName = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const node of manifest.nodes.values()) {
    if (!isRelationNode(node)) continue;
    const text = relationText(node.relation, manifest.target);
    if (node.resourceType === 'source') sources.set(`${node.sourceName}.${node.tableName}`, text);
    else byName.set(node.name, text);
  }
  return { byName, sources };
}

function compileNode(manifest: Manifest, node: ForgeNode, relations: RelationIndex, options: CompileOptions): string | undefined {
  switch (node.resourceType) {
    case 'model':
      return render(manifest, node, relations, options.incremental?.has(node.id) ?? false);
    case 'test':
      return node.testKind === 'singular' ? render(manifest, node, relations, false) : compileGenericTest(manifest, node, relations);
    case 'seed':
    case 'source':
      return undefined;
  }
}

function render(manifest: Manifest, node: ModelNode | TestNode, relations: RelationIndex, isIncremental: boolean): string {
  const { program, diagnostics } = parseTemplate(node.rawCode, node.file);
  if (!program) throw new ForgeError(diagnostics);
  const { target } = manifest;
  const env: RenderEnv = {
    file: node.file,
    adapter: target.type,
    target: { name: target.name, type: target.type, schema: target.schema, database: target.database, threads: target.threads },
    vars: manifest.vars,
    env: manifest.env,
    macros: manifest.macros,
    resolveRef: (name) => relations.byName.get(name) ?? name,
    resolveSource: (source, table) => relations.sources.get(`${source}.${table}`) ?? `${source}.${table}`,
    isIncremental,
    modelName: node.name,
    ...(node.resourceType === 'model'
      ? { self: new RelationValue(node.relation.database, node.relation.schema, node.relation.identifier, relationText(node.relation, target)) }
      : {}),
  };
  return renderTemplate(program, env);
}

function compileGenericTest(manifest: Manifest, node: TestNode, relations: RelationIndex): string | undefined {
  const owner = node.attachedTo ? manifest.nodes.get(node.attachedTo) : undefined;
  if (!owner || !isRelationNode(owner)) return undefined;
  const ref = node.facts.refs[0];
  const source = node.facts.sources[0];
  const toRelation = ref ? relations.byName.get(ref.name) : source ? relations.sources.get(`${source.source}.${source.table}`) : undefined;
  return genericTestSql({
    testName: node.testName,
    relation: relationText(owner.relation, manifest.target),
    ...(node.columnName ? { column: node.columnName } : {}),
    kwargs: node.kwargs,
    ...(toRelation ? { toRelation } : {}),
  });
}
