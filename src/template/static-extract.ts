/**
 * Static extraction: reads `ref`, `source` and `config` calls with literal arguments, the macros a
 * template calls and the vars and env vars it reads, from the Handlebars AST without rendering.
 * Dynamic refs, `[…]` list literals in hashes and unknown helpers become located diagnostics.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import { mergeConfigs } from '../core/config.js';
import type { RefCall, SourceCall, TemplateFacts } from '../core/nodes.js';
import { Codes, type Code } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import { closestMatch } from '../errors/did-you-mean.js';
import { normalizeConfig } from '../project/config-keys.js';
import { BUILTIN_HELPERS, CONTEXT_ROOTS } from './builtins.js';
import type {
  BlockStatement,
  Expression,
  Hash,
  MustacheStatement,
  PathExpression,
  Program,
  Statement,
  SubExpression,
} from './handlebars-parse.js';
import { positionOf } from './handlebars-parse.js';
import { evaluateStatic, isListLiteral, type StaticScope } from './literals.js';

interface ExtractOptions extends StaticScope {
  readonly file: string;
  /** Names of every macro callable from this template (user and built-in). */
  readonly macros: ReadonlySet<string>;
  /** Names bound in this template (a macro's parameters). */
  readonly locals?: ReadonlySet<string>;
}

type Call = MustacheStatement | BlockStatement | SubExpression;

class Extractor {
  readonly refs: RefCall[] = [];
  readonly sources: SourceCall[] = [];
  readonly configs: NodeConfig[] = [];
  configLocation: SourceLocation | undefined;
  readonly macros = new Set<string>();
  readonly vars = new Set<string>();
  readonly envVars = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  private blockDepth = 0;
  private readonly scope: StaticScope;

  constructor(private readonly options: ExtractOptions) {
    this.scope = { ...options, onVar: (n) => this.vars.add(n), onEnv: (n) => this.envVars.add(n) };
  }

  program(program: Program | undefined): void {
    for (const statement of program?.body ?? []) this.statement(statement);
  }

  private statement(node: Statement): void {
    if (node.type === 'MustacheStatement' || node.type === 'SubExpression') this.call(node as Call);
    else if (node.type === 'BlockStatement') this.block(node as BlockStatement);
    else if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      this.error(
        Codes.unknownHelper,
        'partials ({{> …}}) are not supported',
        node,
        'call a macro instead: {{my_macro arg}}',
      );
    }
  }

  private block(node: BlockStatement): void {
    this.call(node);
    const name = (node.path as PathExpression).original;
    const scoped = name === 'each' || name === 'with';
    if (scoped) this.blockDepth++;
    this.program(node.program);
    if (scoped) this.blockDepth--;
    this.program(node.inverse);
  }

  private call(node: Call): void {
    if (node.path.type !== 'PathExpression') return;
    const path = node.path as PathExpression;
    const name = path.original;
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    this.checkName(path, hasArgs || node.type !== 'MustacheStatement');
    if (name === 'ref' || name === 'predict') this.ref(node, name);
    else if (name === 'source') this.source(node);
    else if (name === 'config') this.config(node);
    else if (name === 'var' || name === 'env_var') this.variable(node, name);
    else if (this.options.macros.has(name)) this.macros.add(name);
    for (const param of node.params) this.expression(param);
    if (name !== 'config') for (const pair of node.hash?.pairs ?? []) this.expression(pair.value);
  }

  private expression(node: Expression): void {
    if (node.type === 'SubExpression') this.call(node as SubExpression);
    else if (node.type === 'PathExpression') this.checkName(node as PathExpression, false);
  }

  private checkName(path: PathExpression, isCall: boolean): void {
    if (path.data || path.depth > 0 || isListLiteral(path)) return;
    const head = path.parts[0] ?? path.original;
    const name = isCall ? path.original : head;
    if (BUILTIN_HELPERS.has(name) || this.options.macros.has(name)) return;
    if (!isCall && (CONTEXT_ROOTS.has(head) || this.options.locals?.has(head) || this.blockDepth > 0)) return;
    const candidates = [...BUILTIN_HELPERS, ...this.options.macros, ...(this.options.locals ?? [])];
    const guess = closestMatch(name, candidates);
    this.error(
      Codes.unknownHelper,
      `unknown ${isCall ? 'helper or macro' : 'name'} "${name}"` +
        (guess ? ` — did you mean "${guess}"?` : ''),
      path,
      'macros live in macros/*.sql as {{#macro "name" param}}…{{/macro}}',
    );
  }

  /** `{{ref "name"}}`, and `{{predict "ml_node" …}}`, which depends on the ML node whose UDF it calls. */
  private ref(node: Call, helper: string): void {
    const name = this.literalStrings(node, helper, 1, helper === 'ref' ? 2 : 1)?.at(-1);
    if (name !== undefined) this.refs.push({ name, location: this.locate(node) });
  }

  private source(node: Call): void {
    const args = this.literalStrings(node, 'source', 2, 2);
    if (args?.[0] !== undefined && args[1] !== undefined) {
      this.sources.push({ source: args[0], table: args[1], location: this.locate(node) });
    }
  }

  private literalStrings(node: Call, helper: string, min: number, max: number): string[] | undefined {
    const values: string[] = [];
    for (const param of node.params) {
      const result = evaluateStatic(param, this.scope);
      if (!result.ok || typeof result.value !== 'string') {
        this.error(
          Codes.dynamicRef,
          `${helper} needs literal string arguments; a ${helper} built at render time ` +
            'cannot be put in the dependency graph',
          param,
          `write {{${helper} "name"}}`,
        );
        return undefined;
      }
      values.push(result.value);
    }
    if (values.length < min || values.length > max) {
      const expected = min === max ? `${min}` : `${min} or ${max}`;
      this.error(Codes.badHelperArgs, `${helper} takes ${expected} argument(s), got ${values.length}`, node);
      return undefined;
    }
    return values;
  }

  private config(node: Call): void {
    if (node.params.length > 0) {
      this.error(
        Codes.configInvalid,
        'config takes key=value pairs only',
        node,
        'write {{config materialized="table"}}',
      );
    }
    this.configLocation ??= this.locate(node);
    this.configs.push(this.hashConfig(node.hash));
  }

  private hashConfig(hash: Hash | undefined): NodeConfig {
    const raw: Record<string, ConfigValue> = {};
    for (const pair of hash?.pairs ?? []) {
      const result = evaluateStatic(pair.value, this.scope);
      if (result.ok) raw[pair.key] = result.value;
      else if (result.reason === 'list-literal') {
        this.error(
          Codes.listLiteralInHash,
          `config ${pair.key}=[…] is not a list in Handlebars (it would silently ` + 'become empty)',
          pair,
          `write ${pair.key}="a,b" or ${pair.key}=(array "a" "b")`,
        );
      } else if (result.reason === 'unknown-var') {
        this.error(
          Codes.varMissing,
          `config ${pair.key} reads a var that is not set and has no default`,
          pair,
          'set it under vars: in project.yml, pass --vars, or give a default: (var "name" "default")',
        );
      } else {
        this.error(
          Codes.configInvalid,
          `config ${pair.key} must be a literal, an (array …) or a (var …)`,
          pair,
        );
      }
    }
    const { config, problems } = normalizeConfig(raw);
    for (const problem of problems) {
      const pair = hash?.pairs.find((p) => p.key === problem.key);
      const d = diagnostic(
        problem.code ?? Codes.configInvalid,
        problem.message,
        pair ? this.locate(pair) : { file: this.options.file },
        problem.hint,
        problem.severity,
      );
      this.diagnostics.push(d);
    }
    return config;
  }

  private variable(node: Call, name: 'var' | 'env_var'): void {
    const first = node.params[0];
    if (first?.type !== 'StringLiteral') {
      this.error(Codes.badHelperArgs, `${name} needs a literal name`, node, `write {{${name} "name"}}`);
      return;
    }
    (name === 'var' ? this.vars : this.envVars).add((first as hbs.AST.StringLiteral).value);
  }

  private locate(node: { loc: hbs.AST.SourceLocation }): SourceLocation {
    return { file: this.options.file, ...positionOf(node as hbs.AST.Node) };
  }

  private error(code: Code, message: string, node: { loc: hbs.AST.SourceLocation }, hint?: string): void {
    this.diagnostics.push(diagnostic(code, message, this.locate(node), hint));
  }
}

export function extractFacts(
  program: Program,
  options: ExtractOptions,
): {
  facts: TemplateFacts;
  diagnostics: Diagnostic[];
} {
  const x = new Extractor(options);
  x.program(program);
  const facts: TemplateFacts = {
    refs: x.refs,
    sources: x.sources,
    config: mergeConfigs(...x.configs),
    ...(x.configLocation ? { configLocation: x.configLocation } : {}),
    macros: [...x.macros],
    vars: [...x.vars],
    envVars: [...x.envVars],
  };
  return { facts, diagnostics: x.diagnostics };
}
