/**
 * Renders a parsed template by interpreting its Handlebars AST (no HTML escaping, no generated JS).
 * `{{this}}` is the model's own relation; `{{target.type}}` the adapter; macros are called like
 * helpers. A problem at render time throws a located ForgeError.
 */
import type { ConfigValue } from '../core/config.js';
import { Codes, type Code } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { BUILTIN_HELPERS } from './builtins.js';
import { renderCrossDb, type AdapterType, type SqlArg } from './cross-db.js';
import type {
  BlockStatement,
  Expression,
  PathExpression,
  Program,
  Statement,
  SubExpression,
} from './handlebars-parse.js';
import { positionOf } from './handlebars-parse.js';
import { findMacro, type MacroDefinition } from './macros.js';
import { varJson } from './var-text.js';

/** A relation as templates see it: renders as its name, exposes its parts. */
export class RelationValue {
  constructor(
    readonly database: string,
    readonly schema: string,
    readonly identifier: string,
    private readonly rendered: string,
  ) {}

  toString(): string {
    return this.rendered;
  }
}

export type RenderValue =
  ConfigValue | RelationValue | undefined | readonly RenderValue[] | { readonly [k: string]: RenderValue };

export interface RenderEnv {
  readonly file: string;
  readonly adapter: AdapterType;
  readonly target: Readonly<Record<string, string | number | boolean>>;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly macros: ReadonlyMap<string, MacroDefinition>;
  /** `{{ref "x"}}`; `window=false` reads the whole relation even inside a microbatch window. */
  readonly resolveRef: (name: string, options?: { readonly window?: boolean }) => string;
  readonly resolveSource: (source: string, table: string) => string;
  /** `{{predict "ml_node" output="probability|class|value" alias="f"}}`: the call of the node's UDF. */
  readonly resolvePredict?: (name: string, options: Readonly<Record<string, RenderValue>>) => string;
  readonly self?: RelationValue;
  readonly isIncremental: boolean;
  readonly modelName: string;
  /** Names bound at the top level (e.g. a macro rendered on its own). */
  readonly scope?: Readonly<Record<string, RenderValue>>;
}

interface Frame {
  readonly self: RenderValue;
  readonly locals: ReadonlyMap<string, RenderValue>;
  readonly data: Readonly<Record<string, RenderValue>>;
  readonly parent?: Frame;
  readonly file: string;
}

type Node = { loc: hbs.AST.SourceLocation };

export function renderTemplate(program: Program, env: RenderEnv): string {
  const frame: Frame = {
    self: env.self,
    locals: new Map(Object.entries(env.scope ?? {})),
    data: {},
    file: env.file,
  };
  return new Renderer(env).program(program, frame);
}

class Renderer {
  private depth = 0;

  constructor(private readonly env: RenderEnv) {}

  program(program: Program | undefined, frame: Frame): string {
    let out = '';
    for (const statement of program?.body ?? []) out += this.statement(statement, frame);
    return out;
  }

  private statement(node: Statement, frame: Frame): string {
    switch (node.type) {
      case 'ContentStatement':
        return (node as hbs.AST.ContentStatement).value;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        const value = this.invoke(m.path as PathExpression, m.params, m.hash, frame, m);
        return (
          ((m.path as PathExpression).original === 'var' ? varJson(value) : undefined) ?? stringify(value)
        );
      }
      case 'BlockStatement':
        return this.block(node as BlockStatement, frame);
      default:
        return '';
    }
  }

  private block(node: BlockStatement, frame: Frame): string {
    const name = (node.path as PathExpression).original;
    const arg = node.params[0] ? this.expression(node.params[0], frame) : undefined;
    if (name === 'if' || name === 'unless') {
      const pass = truthy(arg) === (name === 'if');
      return this.program(pass ? node.program : node.inverse, frame);
    }
    if (name === 'with') {
      return truthy(arg)
        ? this.program(node.program, { ...frame, self: arg, data: {}, parent: frame })
        : this.program(node.inverse, frame);
    }
    if (name === 'each') return this.each(node, arg, frame);
    throw this.fail(
      Codes.unknownHelper,
      `"${name}" is not a block helper (use if, unless, each or with)`,
      node,
      frame,
    );
  }

  private each(node: BlockStatement, arg: RenderValue, frame: Frame): string {
    const items: readonly RenderValue[] = Array.isArray(arg) ? arg : [];
    if (items.length === 0) return this.program(node.inverse, frame);
    let out = '';
    items.forEach((item, index) => {
      const data = { index, first: index === 0, last: index === items.length - 1 };
      out += this.program(node.program, {
        self: item,
        locals: new Map(),
        data,
        parent: frame,
        file: frame.file,
      });
    });
    return out;
  }

  private expression(node: Expression, frame: Frame): RenderValue {
    switch (node.type) {
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return (node as hbs.AST.StringLiteral).value;
      case 'NullLiteral':
      case 'UndefinedLiteral':
        return null;
      case 'SubExpression': {
        const s = node as SubExpression;
        return this.invoke(s.path as PathExpression, s.params, s.hash, frame, s);
      }
      case 'PathExpression':
        return this.invoke(node as PathExpression, [], undefined, frame, node);
      default:
        return undefined;
    }
  }

  private invoke(
    path: PathExpression,
    params: Expression[],
    hash: hbs.AST.Hash | undefined,
    frame: Frame,
    node: Node,
  ): RenderValue {
    const name = path.original;
    const isCall = params.length > 0 || (hash?.pairs.length ?? 0) > 0;
    // A bare name is a value (a macro parameter, `this`, `target.x`) before it is a helper call;
    // a macro parameter may even shadow a helper's name (`array`).
    if (!isCall && (!BUILTIN_HELPERS.has(name) || frame.locals.has(name))) {
      const found = this.lookup(path, frame);
      if (found.found) return found.value;
    }
    const args = params.map((p) => this.expression(p, frame));
    const named: Record<string, RenderValue> = {};
    for (const pair of hash?.pairs ?? []) named[pair.key] = this.expression(pair.value, frame);
    return this.call(name, args, named, frame, node);
  }

  private lookup(path: PathExpression, frame: Frame): { found: boolean; value?: RenderValue } {
    if (path.data) return { found: true, value: frame.data[path.parts[0] ?? ''] };
    let scope: Frame | undefined = frame;
    for (let i = 0; i < path.depth && scope; i++) scope = scope.parent;
    if (!scope) return { found: true, value: undefined };
    const [head, ...rest] = path.parts;
    let value: RenderValue;
    if (head === undefined || path.original === 'this' || path.original.startsWith('this.'))
      value = scope.self;
    else if (scope.locals.has(head)) value = scope.locals.get(head);
    else if (head === 'target') value = this.env.target;
    else if (head === 'model') value = { name: this.env.modelName };
    else if (isRecord(scope.self) && head in scope.self) value = scope.self[head];
    else return { found: false };
    const tail =
      head === undefined || path.original === 'this' || path.original.startsWith('this.') ? path.parts : rest;
    for (const part of tail)
      value = isRecord(value) || value instanceof RelationValue ? member(value, part) : undefined;
    return { found: true, value };
  }

  private call(
    name: string,
    args: RenderValue[],
    named: Record<string, RenderValue>,
    frame: Frame,
    node: Node,
  ): RenderValue {
    switch (name) {
      case 'ref':
        return this.env.resolveRef(
          String(args.at(-1)),
          named['window'] === false ? { window: false } : undefined,
        );
      case 'source':
        return this.env.resolveSource(String(args[0]), String(args[1]));
      case 'predict':
        return this.predict(String(args[0]), named, frame, node);
      case 'config':
        return '';
      case 'var':
        return this.variable(this.env.vars, String(args[0]), args, 'var', frame, node);
      case 'env_var':
        return this.variable(this.env.env, String(args[0]), args, 'env_var', frame, node);
      case 'is_incremental':
        return this.env.isIncremental;
      case 'array':
        return args;
      case 'eq':
        return args[0] === args[1];
      case 'ne':
        return args[0] !== args[1];
      case 'and':
        return args.every(truthy);
      case 'or':
        return args.some(truthy);
      case 'not':
        return !truthy(args[0]);
      case 'concat':
        return args.map(stringify).join('');
      case 'if':
        return truthy(args[0]) ? args[1] : (args[2] ?? '');
      case 'unless':
        return truthy(args[0]) ? (args[2] ?? '') : args[1];
      case 'join':
        return (Array.isArray(args[0]) ? args[0] : []).map(stringify).join(String(args[1] ?? ', '));
      default:
        return this.callMacro(name, args, named, frame, node);
    }
  }

  private predict(name: string, named: Record<string, RenderValue>, frame: Frame, node: Node): RenderValue {
    try {
      return this.env.resolvePredict ? this.env.resolvePredict(name, named) : name;
    } catch (error) {
      throw this.fail(
        Codes.badHelperArgs,
        error instanceof Error ? error.message : String(error),
        node,
        frame,
      );
    }
  }

  private variable(
    source: Readonly<Record<string, RenderValue>>,
    key: string,
    args: RenderValue[],
    helper: string,
    frame: Frame,
    node: Node,
  ): RenderValue {
    const value = source[key];
    if (value !== undefined) return value;
    if (args.length > 1) return args[1];
    const where = helper === 'var' ? 'under vars: in project.yml or with --vars' : `with export ${key}=…`;
    throw this.fail(
      Codes.varMissing,
      `${helper} "${key}" is not set and has no default`,
      node,
      frame,
      `set it ${where}`,
    );
  }

  private callMacro(
    name: string,
    args: RenderValue[],
    named: Record<string, RenderValue>,
    frame: Frame,
    node: Node,
  ): RenderValue {
    const macro = findMacro(this.env.macros, name, this.env.adapter);
    if (macro) return this.renderMacro(macro, args, named, frame, node);
    const builtin = renderCrossDb(name, this.env.adapter, args.map(toSqlArg), mapValues(named, toSqlArg));
    if (builtin !== undefined) return builtin;
    throw this.fail(
      Codes.unknownHelper,
      `unknown helper or macro "${name}"${didYouMean(name, this.env.macros.keys())}`,
      node,
      frame,
    );
  }

  private renderMacro(
    macro: MacroDefinition,
    args: RenderValue[],
    named: Record<string, RenderValue>,
    frame: Frame,
    node: Node,
  ): string {
    if (args.length > macro.params.length) {
      throw this.fail(
        Codes.badHelperArgs,
        `macro "${macro.name}" takes ${macro.params.length} argument(s), got ${args.length}`,
        node,
        frame,
      );
    }
    const locals = new Map<string, RenderValue>();
    macro.params.forEach((param, i) => {
      const value = i < args.length ? args[i] : param.name in named ? named[param.name] : param.default;
      if (value === undefined) {
        throw this.fail(
          Codes.badHelperArgs,
          `macro "${macro.name}" needs argument "${param.name}"`,
          node,
          frame,
        );
      }
      locals.set(param.name, value);
    });
    if (++this.depth > 64)
      throw this.fail(Codes.renderFailed, `macro "${macro.name}" calls itself too deeply`, node, frame);
    try {
      return this.program(macro.body, { self: this.env.self, locals, data: {}, file: macro.file }).trim();
    } finally {
      this.depth--;
    }
  }

  private fail(code: Code, message: string, node: Node, frame: Frame, hint?: string): ForgeError {
    return ForgeError.of(code, message, { file: frame.file, ...positionOf(node as hbs.AST.Node) }, hint);
  }
}

function isRecord(value: RenderValue): value is { readonly [k: string]: RenderValue } {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RelationValue)
  );
}

function member(value: RenderValue, key: string): RenderValue {
  if (value instanceof RelationValue) {
    return key === 'database' || key === 'schema' || key === 'identifier' ? value[key] : undefined;
  }
  return isRecord(value) ? value[key] : undefined;
}

function truthy(value: RenderValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function stringify(value: RenderValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  if (typeof value === 'object' && !(value instanceof RelationValue)) return JSON.stringify(value);
  return String(value);
}

function toSqlArg(value: RenderValue): SqlArg {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return stringify(value);
  return value;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value);
  return out;
}
