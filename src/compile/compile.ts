/**
 * Compile: renders the selected nodes of a manifest into SQL. Pure: no I/O, no clock. Whether a
 * model's relation already exists (for `is_incremental`) is an input, never looked up here.
 */
import { isModelOf } from '../core/materialization.js';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode, MlNode, ModelNode, SeedNode, SourceNode, TestNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { predictCall } from './ml/predict-call.js';
import { trainingQuery } from './ml/training-query.js';
import { isRelationNode } from '../core/nodes.js';
import { compileGenericTest as compileTest } from '../data-tests/compile-test.js';
import { dialectFor } from '../adapters/dialects.js';
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import { parseTemplate } from '../template/handlebars-parse.js';
import { findMacro } from '../template/macros.js';
import { RelationValue, renderTemplate, type RenderEnv } from '../template/render.js';
import { EPHEMERAL_PREFIX, injectCtes } from './ephemeral.js';
import { checkEscapes } from './escape-check.js';
import { checkFunctions } from './function-check.js';
import { relationText } from './relation-text.js';

/** Compiles one node at a time (for streaming); render problems collect in `diagnostics`. */
export interface Compiler {
  /**
   * `isIncremental`: render the model's incremental branch (execute knows whether the table exists).
   * `window` (microbatch): every ref to a node that declares `event_time` reads only that window, as
   * dbt's microbatch does — so a batch's joins and aggregations see one window of their inputs.
   */
  compile(
    id: NodeId,
    isIncremental?: boolean,
    window?: { readonly start: Date; readonly end: Date },
  ): string | undefined;
  /** Renders a hook (or any SQL text) in a node's context. */
  renderText(id: NodeId, text: string): string;
  /** Renders SQL text that belongs to no node (`forge show --inline`). */
  renderInline(text: string): string;
  /** The render environment for a macro run on its own (`forge run-operation`). */
  renderEnv(file: string, name: string): RenderEnv;
  readonly diagnostics: Diagnostic[];
}

/**
 * `relations` moves nodes elsewhere for this compile: deferred parents (state/defer.ts) read from
 * another target, a unit test's inputs from its fixture tables.
 */
export function createCompiler(
  manifest: Manifest,
  relations: ReadonlyMap<NodeId, Relation> = new Map(),
): Compiler {
  return compilerOver(manifest, relationIndex(manifest, relations));
}

function compilerOver(manifest: Manifest, relations: RelationIndex): Compiler {
  const diagnostics: Diagnostic[] = [];
  const ephemeralSql = new Map<string, string>();
  const compileEphemeral = (name: string): string => {
    const cached = ephemeralSql.get(name);
    if (cached !== undefined) return cached;
    const node = [...manifest.nodes.values()].find((n) => n.name === name && n.resourceType === 'model');
    const sql = node
      ? withEphemerals(
          node,
          render(manifest, node as ModelNode, relations, false),
          relations,
          compileEphemeral,
        )
      : '';
    ephemeralSql.set(name, sql);
    return sql;
  };
  const warned = new Set<NodeId>();
  const compile = (
    id: NodeId,
    isIncremental = false,
    window?: { readonly start: Date; readonly end: Date },
  ): string | undefined => {
    const node = manifest.nodes.get(id);
    if (!node) return undefined;
    try {
      const sql = compileNode(
        manifest,
        node,
        window ? windowed(manifest, relations, window) : relations,
        isIncremental,
      );
      if (sql === undefined) return undefined;
      const whole = withEphemerals(node, sql, relations, compileEphemeral);
      // a function the warehouse lacks fails here, with its file and line, not part-way through a build
      const unknown = checkFunctions(manifest, node, whole);
      if (unknown.length > 0) throw new ForgeError(unknown);
      if (!warned.has(id)) {
        warned.add(id);
        diagnostics.push(...checkEscapes(manifest, node, whole));
      }
      return whole;
    } catch (error) {
      if (error instanceof ForgeError) diagnostics.push(...error.diagnostics);
      else
        diagnostics.push(
          diagnostic(Codes.renderFailed, `could not render ${node.name}: ${String(error)}`, {
            file: node.file,
          }),
        );
      return undefined;
    }
  };
  const renderText = (id: NodeId, text: string): string => {
    const node = manifest.nodes.get(id);
    if (!node || (node.resourceType !== 'model' && node.resourceType !== 'test')) return text;
    return render(manifest, { ...node, rawCode: text }, relations, false);
  };
  const renderInline = (text: string): string => {
    const { program, diagnostics: found } = parseTemplate(text, '<inline>');
    if (!program) throw new ForgeError(found);
    return renderTemplate(program, renderEnvFor(manifest, relations, '<inline>', 'inline', false));
  };
  const renderEnv = (file: string, name: string): RenderEnv =>
    renderEnvFor(manifest, relations, file, name, false);
  return { compile, renderText, renderInline, renderEnv, diagnostics };
}

/** Ephemeral models this node refs (directly or through other ephemerals), injected as CTEs. */
function withEphemerals(
  node: ForgeNode,
  sql: string,
  relations: RelationIndex,
  compileEphemeral: (name: string) => string,
): string {
  if (node.resourceType !== 'model' && node.resourceType !== 'test') return sql;
  const names = node.facts.refs.map((r) => r.name).filter((name) => relations.ephemeral.has(name));
  const unique = [...new Set(names)];
  return injectCtes(
    sql,
    unique.map((name) => [name, compileEphemeral(name)] as const),
  );
}

interface RelationIndex {
  readonly byName: ReadonlyMap<string, string>;
  readonly sources: ReadonlyMap<string, string>;
  readonly ephemeral: ReadonlySet<string>;
  readonly ml: ReadonlyMap<string, MlNode>;
  /** byName before any microbatch narrowing (for `{{ref "x" window=false}}`). */
  readonly unwindowed: ReadonlyMap<string, string>;
  /** Relations whose node declares `event_time`, by name: what a microbatch window filters. */
  readonly eventTimes: ReadonlyMap<string, { readonly text: string; readonly column: string }>;
  /** Where each relation node is read from (its own relation unless moved), and as text. */
  readonly relationOf: (node: ModelNode | SeedNode | SourceNode | MlNode) => Relation;
  readonly of: (node: ModelNode | SeedNode | SourceNode | MlNode) => string;
}

/** The index with each `event_time` relation narrowed to the window. */
function windowed(
  manifest: Manifest,
  relations: RelationIndex,
  window: { readonly start: Date; readonly end: Date },
): RelationIndex {
  const dialect = dialectFor(manifest.target);
  const byName = new Map(relations.byName);
  for (const [name, { text, column }] of relations.eventTimes) {
    byName.set(
      name,
      `(select * from ${text} where ${column} >= ${dialect.timestamp(window.start)} and ${column} < ${dialect.timestamp(window.end)})`,
    );
  }
  return { ...relations, byName };
}

function relationIndex(manifest: Manifest, moved: ReadonlyMap<NodeId, Relation>): RelationIndex {
  const relationOf = (node: ModelNode | SeedNode | SourceNode | MlNode): Relation =>
    moved.get(node.id) ?? node.relation;
  const of = (node: ModelNode | SeedNode | SourceNode | MlNode): string =>
    relationText(relationOf(node), manifest.target);
  const byName = new Map<string, string>();
  const sources = new Map<string, string>();
  const ephemeral = new Set<string>();
  const ml = new Map<string, MlNode>();
  const eventTimes = new Map<string, { text: string; column: string }>();
  for (const node of manifest.nodes.values()) {
    if (!isRelationNode(node)) continue;
    const movedTo = moved.get(node.id);
    if (node.resourceType === 'ml') ml.set(node.name, movedTo ? { ...node, relation: movedTo } : node);
    const text = of(node);
    const eventTime = node.config['event_time'];
    if (typeof eventTime === 'string' && node.resourceType !== 'source')
      eventTimes.set(node.name, { text, column: eventTime });
    if (node.resourceType === 'source') sources.set(`${node.sourceName}.${node.tableName}`, text);
    else if (isModelOf(node, 'ephemeral')) {
      ephemeral.add(node.name);
      byName.set(node.name, `${EPHEMERAL_PREFIX}${node.name}`);
    } else byName.set(node.name, text);
  }
  return { byName, sources, ephemeral, ml, eventTimes, unwindowed: byName, relationOf, of };
}

function compileNode(
  manifest: Manifest,
  node: ForgeNode,
  relations: RelationIndex,
  isIncremental: boolean,
): string | undefined {
  switch (node.resourceType) {
    case 'model':
      return render(manifest, node, relations, isIncremental);
    case 'test':
      return node.testKind === 'singular'
        ? render(manifest, node, relations, false)
        : compileGenericTest(manifest, node, relations);
    case 'ml':
      // what the node reads to train: the rows, columns and filter (sampling is decided at run time)
      return trainingQuery(
        node.spec,
        relations.byName.get(node.spec.training.name) ?? node.spec.training.name,
      );
    case 'seed':
    case 'source':
      return undefined;
  }
}

function render(
  manifest: Manifest,
  node: ModelNode | TestNode,
  relations: RelationIndex,
  isIncremental: boolean,
): string {
  const { program, diagnostics } = parseTemplate(node.rawCode, node.file);
  if (!program) throw new ForgeError(diagnostics);
  const env = renderEnvFor(manifest, relations, node.file, node.name, isIncremental);
  if (node.resourceType !== 'model') return renderTemplate(program, env);
  const own = relations.relationOf(node);
  const self = new RelationValue(own.database, own.schema, own.identifier, relations.of(node));
  return renderTemplate(program, { ...env, self });
}

function renderEnvFor(
  manifest: Manifest,
  relations: RelationIndex,
  file: string,
  modelName: string,
  isIncremental: boolean,
): RenderEnv {
  const { target } = manifest;
  return {
    file,
    adapter: target.type,
    target: {
      name: target.name,
      type: target.type,
      schema: target.schema,
      database: target.database,
      threads: target.threads,
    },
    vars: manifest.vars,
    env: manifest.env,
    macros: manifest.macros,
    resolveRef: (name, options) =>
      (options?.window === false ? relations.unwindowed : relations.byName).get(name) ?? name,
    resolveSource: (source, table) => relations.sources.get(`${source}.${table}`) ?? `${source}.${table}`,
    resolvePredict: (name, options) => {
      const node = relations.ml.get(name);
      if (!node) throw new Error(`predict "${name}": no ml node of that name`);
      return predictCall(node, options, target);
    },
    isIncremental,
    modelName,
  };
}

function compileGenericTest(
  manifest: Manifest,
  node: TestNode,
  relations: RelationIndex,
): string | undefined {
  const owner = node.attachedTo ? manifest.nodes.get(node.attachedTo) : undefined;
  if (!owner || !isRelationNode(owner)) return undefined;
  const ref = node.facts.refs[0];
  const source = node.facts.sources[0];
  const toRelation = ref
    ? relations.byName.get(ref.name)
    : source
      ? relations.sources.get(`${source.source}.${source.table}`)
      : undefined;
  return compileTest({
    test: node,
    relation: relations.of(owner),
    ...(toRelation ? { toRelation } : {}),
    dialect: dialectFor(manifest.target),
    relationOf: (arg) =>
      'ref' in arg ? relations.byName.get(arg.ref) : relations.sources.get(`${arg.source}.${arg.table}`),
    renderCustom: (name, args) => {
      const macro = findMacro(manifest.macros, name, manifest.target.type);
      if (!macro) return undefined;
      const scope: Record<string, ConfigValue> = {};
      for (const param of macro.params) scope[param.name] = args[param.name] ?? param.default ?? null;
      return renderTemplate(macro.body, {
        ...renderEnvFor(manifest, relations, macro.file, node.name, false),
        scope,
      }).trim();
    },
  });
}
