/**
 * Grows one tree level by level: the runner builds the smaller child's histogram of each split (in
 * parallel chunks), the main thread merges it, derives the larger child's by subtraction, searches
 * splits, and partitions the rows of every split node in place, stably, so each node owns a
 * contiguous range of `rowIndex`.
 */
import {
  bestSplit,
  mergePartials,
  subtractHistogram,
  type NodeRows,
  type SharedData,
  type SplitCandidate,
  type SplitRule,
} from './gbdt-kernel.js';
import type { HistogramRunner } from './gbdt-pool.js';

interface GrownNode {
  split?: SplitCandidate;
  left: number;
  right: number;
  value: number;
}

export interface GrownTree {
  readonly nodes: GrownNode[];
  /** Leaves with the rows they hold, to update the training scores without traversing. */
  readonly leaves: { start: number; end: number; value: number }[];
  readonly splits: { feature: number; gain: number }[];
}

interface TreeParams {
  readonly maxDepth: number;
  readonly learningRate: number;
  readonly minGain: number;
  readonly rule: SplitRule;
}

interface OpenNode {
  readonly node: number;
  readonly slot: number;
  readonly start: number;
  readonly end: number;
  readonly grad: number;
  readonly hess: number;
  readonly depth: number;
}

let scratch = new Uint32Array(0);

export async function growTree(
  data: SharedData,
  runner: HistogramRunner,
  params: TreeParams,
): Promise<GrownTree> {
  const rows = data.rows;
  let grad = 0,
    hess = 0;
  for (let i = 0; i < rows; i++) {
    data.rowIndex[i] = i;
    grad += data.grad[i] as number;
    hess += data.hess[i] as number;
  }
  if (scratch.length < rows) scratch = new Uint32Array(rows);
  const tree: GrownTree = { nodes: [{ left: -1, right: -1, value: 0 }], leaves: [], splits: [] };
  const half = 2 ** params.maxDepth;
  let level: OpenNode[] = [{ node: 0, slot: 0, start: 0, end: rows, grad, hess, depth: 0 }];
  let builds: NodeRows[] = [{ slot: 0, start: 0, end: rows }];
  let subtracts: { parent: number; child: number; target: number }[] = [];
  while (level.length > 0) {
    await runner.build(builds);
    for (const b of builds) mergePartials(data, b.slot);
    for (const s of subtracts) subtractHistogram(data, s.parent, s.child, s.target);
    const next: OpenNode[] = [];
    builds = [];
    subtracts = [];
    const bank = ((level[0]?.depth ?? 0) + 1) % 2 === 0 ? 0 : half;
    for (const open of level) {
      const split = searchable(open, params)
        ? bestSplit(
            data,
            open.slot,
            { grad: open.grad, hess: open.hess, count: open.end - open.start },
            params.rule,
          )
        : undefined;
      if (!split || split.gain <= params.minGain) {
        addLeaf(tree, open, params);
        continue;
      }
      const children = splitNode(data, tree, open, split, bank + next.length);
      next.push(...children);
      const [small, large] =
        children[0].end - children[0].start <= children[1].end - children[1].start
          ? children
          : [children[1], children[0]];
      if (searchable(small, params) || searchable(large, params)) {
        builds.push({ slot: small.slot, start: small.start, end: small.end });
        subtracts.push({ parent: open.slot, child: small.slot, target: large.slot });
      }
    }
    level = next;
  }
  return tree;
}

function searchable(open: OpenNode, params: TreeParams): boolean {
  return open.depth < params.maxDepth && open.end - open.start >= 2 * params.rule.minLeafRows;
}

function addLeaf(tree: GrownTree, open: OpenNode, params: TreeParams): void {
  const value = (-open.grad / (open.hess + params.rule.lambda)) * params.learningRate;
  const node = tree.nodes[open.node] as GrownNode;
  node.value = value;
  tree.leaves.push({ start: open.start, end: open.end, value });
}

function splitNode(
  data: SharedData,
  tree: GrownTree,
  open: OpenNode,
  split: SplitCandidate,
  slot: number,
): [OpenNode, OpenNode] {
  const middle = partition(data, open.start, open.end, split);
  const left = tree.nodes.length,
    right = left + 1;
  tree.nodes.push({ left: -1, right: -1, value: 0 }, { left: -1, right: -1, value: 0 });
  Object.assign(tree.nodes[open.node] as GrownNode, { split, left, right });
  tree.splits.push({ feature: split.feature, gain: split.gain });
  const depth = open.depth + 1;
  return [
    { node: left, slot, start: open.start, end: middle, grad: split.leftGrad, hess: split.leftHess, depth },
    {
      node: right,
      slot: slot + 1,
      start: middle,
      end: open.end,
      grad: open.grad - split.leftGrad,
      hess: open.hess - split.leftHess,
      depth,
    },
  ];
}

/** Stable in-place partition of rowIndex[start, end); returns where the right rows begin. */
function partition(data: SharedData, start: number, end: number, split: SplitCandidate): number {
  const { features, rowIndex, bins } = data;
  const feature = split.feature,
    last = split.bin,
    missingLeft = split.defaultLeft;
  const right = scratch;
  let l = start,
    r = 0;
  for (let k = start; k < end; k++) {
    const row = rowIndex[k] as number;
    const bin = bins[row * features + feature] as number;
    if (bin === 0 ? missingLeft : bin <= last) rowIndex[l++] = row;
    else right[r++] = row;
  }
  rowIndex.set(right.subarray(0, r), l);
  return l;
}
