/**
 * Static evaluation of template arguments: string, number, boolean and null literals, `(array …)`
 * lists, and `(var …)`/`(env_var …)` lookups. Anything else is dynamic, and reported by the caller.
 */
import type { ConfigValue } from '../core/config.js';
import type { Expression, PathExpression, SubExpression } from './handlebars-parse.js';

type StaticResult =
  | { readonly ok: true; readonly value: ConfigValue }
  | {
      readonly ok: false;
      readonly reason: 'dynamic' | 'list-literal' | 'unknown-var';
      readonly node: Expression;
    };

export interface StaticScope {
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onVar?: (name: string) => void;
  readonly onEnv?: (name: string) => void;
}

export function evaluateStatic(node: Expression, scope: StaticScope): StaticResult {
  switch (node.type) {
    case 'StringLiteral':
      return { ok: true, value: (node as hbs.AST.StringLiteral).value };
    case 'NumberLiteral':
      return { ok: true, value: (node as hbs.AST.NumberLiteral).value };
    case 'BooleanLiteral':
      return { ok: true, value: (node as hbs.AST.BooleanLiteral).value };
    case 'NullLiteral':
    case 'UndefinedLiteral':
      return { ok: true, value: null };
    case 'SubExpression':
      return evaluateStaticCall(node as SubExpression, scope);
    case 'PathExpression':
      return isListLiteral(node as PathExpression)
        ? { ok: false, reason: 'list-literal', node }
        : { ok: false, reason: 'dynamic', node };
    default:
      return { ok: false, reason: 'dynamic', node };
  }
}

/**
 * `[a, b]` in a hash parses as a path segment literal (brackets dropped from `original`) and would
 * silently render as nothing. The brackets show in the source span being wider than the text.
 */
export function isListLiteral(node: PathExpression): boolean {
  const { start, end } = node.loc;
  return (
    start.line === end.line &&
    end.column - start.column > node.original.length &&
    !node.original.includes('/')
  );
}

function evaluateStaticCall(node: SubExpression, scope: StaticScope): StaticResult {
  const name = (node.path as PathExpression).original;
  const args: ConfigValue[] = [];
  for (const param of node.params) {
    const result = evaluateStatic(param, scope);
    if (!result.ok) return result;
    args.push(result.value);
  }
  if (name === 'array') return { ok: true, value: args };
  const first = args[0];
  if ((name === 'var' || name === 'env_var') && typeof first === 'string') {
    const found = name === 'var' ? scope.vars[first] : scope.env[first];
    if (name === 'var') scope.onVar?.(first);
    else scope.onEnv?.(first);
    if (found !== undefined) return { ok: true, value: found };
    if (args.length > 1) return { ok: true, value: args[1] ?? null };
    return { ok: false, reason: 'unknown-var', node };
  }
  return { ok: false, reason: 'dynamic', node };
}
