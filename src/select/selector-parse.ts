/**
 * The selection grammar (dbt-compatible), parsed into an expression tree:
 *   `--select a b`     union (space)          `a,b`      intersection (comma)
 *   `+a` `2+a`         a and its ancestors    `a+` `a+1` a and its descendants
 *   `@a`               a, its descendants and all their ancestors
 *   `method:value`     tag, path, file, fqn, config.<key>, resource_type, source, test_name, test_type, package,
 *                      state (new, modified, modified.<part>: needs --state)
 *   `--exclude x`      removes x's nodes from the selection
 */
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { closestMatch } from '../errors/did-you-mean.js';
import { MODIFIED_PARTS } from '../core/node-parts.js';

export interface Atom {
  readonly kind: 'atom';
  readonly method: string;
  readonly value: string;
  /** Ancestors to add: undefined = none, Infinity = all. */
  readonly parents?: number;
  readonly children?: number;
  /** `@`: descendants and every ancestor of them. */
  readonly childrensParents: boolean;
  readonly text: string;
}

export type SelectExpr =
  | Atom
  | { readonly kind: 'and'; readonly items: readonly SelectExpr[] }
  | { readonly kind: 'or'; readonly items: readonly SelectExpr[] }
  | { readonly kind: 'exclude'; readonly base: SelectExpr; readonly minus: SelectExpr };

const METHODS = [
  'fqn',
  'tag',
  'path',
  'file',
  'resource_type',
  'source',
  'test_name',
  'test_type',
  'package',
  'config',
  'state',
] as const;

const STATE_VALUES: readonly string[] = ['new', 'modified', ...MODIFIED_PARTS.map((p) => `modified.${p}`)];

const ATOM_PATTERN = /^(@)?(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/;

/** Parses `--select` and `--exclude` words into one expression (undefined select = everything). */
export function parseSelection(
  select: readonly string[],
  exclude: readonly string[],
): { expr?: SelectExpr; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const base = select.length > 0 ? parseUnion(select, diagnostics) : atom('fqn', '*', '*');
  const minus = exclude.length > 0 ? parseUnion(exclude, diagnostics) : undefined;
  if (diagnostics.length > 0) return { diagnostics };
  return { expr: minus ? { kind: 'exclude', base, minus } : base, diagnostics };
}

function parseUnion(words: readonly string[], diagnostics: Diagnostic[]): SelectExpr {
  const items = words
    .flatMap((w) => w.split(/\s+/))
    .filter((w) => w.length > 0)
    .map((w) => parseIntersection(w, diagnostics));
  return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
}

function parseIntersection(word: string, diagnostics: Diagnostic[]): SelectExpr {
  const items = word.split(',').map((part) => parseAtom(part, diagnostics));
  return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
}

function parseAtom(text: string, diagnostics: Diagnostic[]): Atom {
  const match = ATOM_PATTERN.exec(text);
  if (!match || match[3] === undefined || (match[1] && match[2] !== undefined)) {
    diagnostics.push(
      diagnostic(
        Codes.selectorSyntax,
        `cannot read selector "${text}"`,
        undefined,
        'forms: name, +name, name+, 2+name, name+1, @name, method:value',
      ),
    );
    return atom('fqn', text, text);
  }
  const [, at, up, body, down] = match;
  const colon = body.indexOf(':');
  const method = colon > 0 ? body.slice(0, colon) : defaultMethod(body);
  const value = colon > 0 ? body.slice(colon + 1) : body;
  const base = method.startsWith('config.') ? 'config' : method;
  if (!(METHODS as readonly string[]).includes(base) || method === 'config') {
    const guess = closestMatch(method, [
      ...METHODS.filter((m) => m !== 'config'),
      'config.materialized',
      'config.schema',
    ]);
    diagnostics.push(
      diagnostic(
        Codes.selectorUnknownMethod,
        `unknown selector method "${method}" in "${text}"` + (guess ? ` — did you mean "${guess}"?` : ''),
        undefined,
        `methods: ${METHODS.join(', ')} (config.<key>)`,
      ),
    );
  }
  if (value === '') diagnostics.push(diagnostic(Codes.selectorSyntax, `selector "${text}" has no value`));
  if (method === 'state' && !STATE_VALUES.includes(value)) {
    const guess = closestMatch(value, STATE_VALUES);
    diagnostics.push(
      diagnostic(
        Codes.selectorSyntax,
        `unknown state selector "${text}"${guess ? ` — did you mean "state:${guess}"?` : ''}`,
        undefined,
        `values: ${STATE_VALUES.join(', ')}`,
      ),
    );
  }
  return {
    kind: 'atom',
    method,
    value,
    text,
    childrensParents: at !== undefined,
    ...(up !== undefined ? { parents: up === '' ? Infinity : Number(up) } : {}),
    ...(down !== undefined ? { children: down === '' ? Infinity : Number(down) } : {}),
  };
}

function defaultMethod(value: string): string {
  if (value.endsWith('.sql') || value.endsWith('.csv')) return 'file';
  if (value.includes('/')) return 'path';
  return 'fqn';
}

function atom(method: string, value: string, text: string): Atom {
  return { kind: 'atom', method, value, text, childrensParents: false };
}

/** The expression back as selector text (for messages). */
export function formatSelection(expr: SelectExpr): string {
  switch (expr.kind) {
    case 'atom':
      return expr.text;
    case 'and':
      return expr.items.map(formatSelection).join(',');
    case 'or':
      return expr.items.map(formatSelection).join(' ');
    case 'exclude':
      return `${formatSelection(expr.base)} --exclude ${formatSelection(expr.minus)}`;
  }
}
