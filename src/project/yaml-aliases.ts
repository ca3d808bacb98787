/**
 * The guard against YAML alias bombs ("billion laughs": `b: &b [*a, *a, …]` nine levels deep is
 * 9^9 values from a few hundred bytes). Before anything expands them, this counts — memoised per
 * node, so in time linear in the file — how many values the aliases would add, and names the first
 * alias past the limit. Plain anchors (`<<: *defaults` on every model) stay far below it.
 */
import { isAlias, isMap, isPair, isSeq, type Alias, type Document } from 'yaml';

/** Values all aliases of one file may add when expanded; far above any real file's use of anchors. */
export const MAX_ALIASED_VALUES = 100_000;

class AliasCounter {
  private readonly sizes = new Map<unknown, number>();
  private added = 0;

  constructor(private readonly doc: Document, private readonly limit: number) {}

  /** The first alias, in document order, at which the values added pass the limit. */
  firstOverLimit(node: unknown): Alias | undefined {
    if (isAlias(node)) {
      this.added += this.size(node);
      return this.added > this.limit ? node : undefined;
    }
    for (const child of children(node)) {
      const found = this.firstOverLimit(child);
      if (found) return found;
    }
    return undefined;
  }

  /** How many values a node stands for, its aliases expanded (an alias to nothing counts one). */
  private size(node: unknown): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    this.sizes.set(node, 1); // an alias cycle counts once instead of looping
    const size = isAlias(node) ? this.size(node.resolve(this.doc)) : children(node).reduce<number>((sum, child) => sum + this.size(child), 1);
    this.sizes.set(node, size);
    return size;
  }
}

function children(node: unknown): unknown[] {
  if (isMap(node) || isSeq(node)) return node.items.flatMap((item): unknown[] => (isPair(item) ? [item.key, item.value] : [item]));
  return [];
}

/** The alias whose expansion takes the file past `limit` aliased values, or undefined when it stays below. */
export function aliasBomb(doc: Document, limit = MAX_ALIASED_VALUES): Alias | undefined {
  return new AliasCounter(doc, limit).firstOverLimit(doc.contents);
}
