/** Selector methods: each decides whether one node matches a value. A registry, as in dbt. */
import { asList } from '../core/config.js';
import type { ForgeNode } from '../core/nodes.js';
import type { PartName } from '../core/node-parts.js';
import type { StateComparison } from '../state/state-compare.js';

/** What a matcher may consult besides the node. */
interface MatchContext {
  readonly projectName: string;
  /** The method's suffix: `materialized` in `config.materialized`. */
  readonly param: string;
  /** Present with `--state`. */
  readonly state?: StateComparison;
}

type Matcher = (node: ForgeNode, value: string, ctx: MatchContext) => boolean;

/** Shell-style glob: `*` any run of characters, `?` one. */
export function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

/** dbt's fqn rule: the node's name, or a dotted prefix of its fqn, with or without the project. */
function matchFqn(node: ForgeNode, value: string): boolean {
  if (value === '*') return true;
  if (globMatch(value, node.name)) return true;
  const parts = value.split('.');
  const candidates = [node.fqn, node.fqn.slice(1)];
  return candidates.some((fqn) => {
    if (fqn.length < parts.length) return false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (part === '*') return true;
      if (!globMatch(part, fqn[i] ?? '')) return false;
    }
    return true;
  });
}

function matchPath(node: ForgeNode, value: string): boolean {
  const wanted = value.replace(/^\.\//, '').replace(/\/+$/, '');
  return globMatch(wanted, node.file) || node.file.startsWith(`${wanted}/`) || node.file === wanted;
}

function matchConfig(node: ForgeNode, value: string, key: string): boolean {
  return asList(node.config[key]).some((v) => globMatch(value, String(v)));
}

const MATCHERS: Readonly<Record<string, Matcher>> = {
  fqn: (node, value) => matchFqn(node, value),
  tag: (node, value) => asList(node.config['tags']).some((t) => globMatch(value, String(t))),
  path: (node, value) => matchPath(node, value),
  file: (node, value) =>
    globMatch(value, node.file.slice(node.file.lastIndexOf('/') + 1)) || globMatch(value, node.name),
  resource_type: (node, value) => node.resourceType === value,
  package: (_node, value, ctx) => globMatch(value, ctx.projectName),
  source: (node, value) =>
    node.resourceType === 'source' &&
    (globMatch(value, node.sourceName) || globMatch(value, `${node.sourceName}.${node.tableName}`)),
  test_name: (node, value) => node.resourceType === 'test' && globMatch(value, node.testName),
  test_type: (node, value) =>
    (node.resourceType === 'test' && (value === node.testKind || value === 'data')) ||
    (node.resourceType === 'unit_test' && value === 'unit'),
  config: (node, value, ctx) => matchConfig(node, value, ctx.param),
  state: (node, value, ctx) => matchState(node, value, ctx.state),
};

/** `state:new`, `state:modified`, `state:modified.<part>` (values checked by the parser). */
function matchState(node: ForgeNode, value: string, state: StateComparison | undefined): boolean {
  if (!state) return false;
  if (value === 'new') return state.isNew(node.id);
  const part = value.split('.')[1] as PartName | 'upstream_contract' | undefined;
  return state.isModified(node.id, part);
}

export function matchesMethod(
  node: ForgeNode,
  method: string,
  value: string,
  ctx: Omit<MatchContext, 'param'>,
): boolean {
  const [base, ...rest] = method.split('.');
  const matcher = MATCHERS[base ?? ''];
  return matcher !== undefined && matcher(node, value, { ...ctx, param: rest.join('.') });
}
