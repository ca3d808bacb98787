/**
 * The guard against YAML aliases that cannot be expanded safely. An alias bomb ("billion laughs":
 * `b: &b [*a, *a, …]` nine levels deep is 9^9 values from a few hundred bytes) is found by counting —
 * memoised per node, so in time linear in the file — how many values the aliases would add; an alias
 * inside the value it names (a cycle) and one naming no anchor are found on the way. Plain anchors
 * (`<<: *defaults` on every model) stay far below the limit.
 */
import { isAlias, isMap, isPair, isSeq, type Alias, type Document } from 'yaml';

/** Values all aliases of one file may add when expanded; far above any real file's use of anchors. */
const MAX_ALIASED_VALUES = 100_000;

interface AliasProblem {
  readonly alias: Alias;
  readonly kind: 'bomb' | 'cycle' | 'unknown';
}

const IN_PROGRESS = -1;

class AliasCounter {
  private readonly sizes = new Map<unknown, number>();
  private added = 0;
  problem: AliasProblem | undefined;

  constructor(
    private readonly doc: Document,
    private readonly limit: number,
  ) {}

  /** Walks in document order; stops at the first alias that is unknown, cyclic or past the limit. */
  walk(node: unknown): void {
    if (isAlias(node)) {
      this.added += this.size(node);
      if (!this.problem && this.added > this.limit) this.problem = { alias: node, kind: 'bomb' };
      return;
    }
    for (const child of children(node)) {
      if (this.problem) return;
      this.walk(child);
    }
  }

  /** How many values a node stands for, its aliases expanded. */
  private size(node: unknown): number {
    const known = this.sizes.get(node);
    if (known === IN_PROGRESS) {
      this.fail(node, 'cycle');
      return 1;
    }
    if (known !== undefined) return known;
    this.sizes.set(node, IN_PROGRESS);
    let size = 1;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) this.fail(node, 'unknown');
      else size = this.size(target);
    } else {
      for (const child of children(node)) size += this.size(child);
    }
    this.sizes.set(node, size);
    return size;
  }

  private fail(node: unknown, kind: AliasProblem['kind']): void {
    if (!this.problem && isAlias(node)) this.problem = { alias: node, kind };
  }
}

function children(node: unknown): unknown[] {
  if (isMap(node) || isSeq(node))
    return node.items.flatMap((item): unknown[] => (isPair(item) ? [item.key, item.value] : [item]));
  return [];
}

/** The first alias that names no anchor, sits inside what it names, or takes the file past `limit` aliased values. */
export function aliasProblem(doc: Document, limit = MAX_ALIASED_VALUES): AliasProblem | undefined {
  const counter = new AliasCounter(doc, limit);
  counter.walk(doc.contents);
  return counter.problem;
}

/** The message and hint for a problem, naming the alias as written. */
export function aliasProblemText(problem: AliasProblem): { message: string; hint: string } {
  const name = `*${problem.alias.source}`;
  switch (problem.kind) {
    case 'bomb':
      return {
        message: `invalid YAML: the aliases expand to more than ${MAX_ALIASED_VALUES.toLocaleString('en-US')} values (at ${name}): an alias bomb?`,
        hint: 'write the values out, or nest fewer aliases of aliases',
      };
    case 'cycle':
      return {
        message: `invalid YAML: the alias ${name} is inside the value it names (it would never end)`,
        hint: 'an alias can only repeat a value defined before and outside it',
      };
    case 'unknown':
      return {
        message: `invalid YAML: the alias ${name} names no anchor`,
        hint: `define the anchor &${problem.alias.source} before the alias`,
      };
  }
}
