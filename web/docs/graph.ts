/**
 * The lineage graph: laid out left to right by dagre, nodes grouped in layer order (sources and seeds,
 * bronze, silver, gold, features, ml, tests), drawn as SVG with pan (drag) and zoom (wheel).
 */
import { Graph, layout } from '@dagrejs/dagre';
import { svg } from '../shared/dom.js';
import type { DocsNode } from './types.js';

export const LAYER_COLORS: Readonly<Record<string, string>> = {
  sources: '#64748b',
  seeds: '#0f766e',
  bronze: '#b45309',
  silver: '#6b7280',
  gold: '#ca8a04',
  features: '#7c3aed',
  ml: '#db2777',
  snapshots: '#0891b2',
  tests: '#94a3b8',
  models: '#2563eb',
};

export interface LineageGraph {
  readonly element: SVGSVGElement;
  /** Highlights these ids (undefined: none highlighted, nothing dimmed). */
  highlight(ids: ReadonlySet<string> | undefined): void;
  select(id: string | undefined): void;
}

export function lineageGraph(nodes: readonly DocsNode[], onOpen: (id: string) => void): LineageGraph {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 8, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: Math.min(220, 24 + n.name.length * 7), height: 22 });
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) for (const p of n.parents) if (ids.has(p)) g.setEdge(p, n.id);
  layout(g);
  const size = g.graph() as { width?: number; height?: number };
  const root = svg('svg', {
    class: 'lineage',
    viewBox: `0 0 ${size.width ?? 100} ${size.height ?? 100}`,
    'data-nodes': nodes.length,
  });
  const view = svg('g');
  root.append(view);
  for (const e of g.edges()) {
    const points = (g.edge(e) as { points: { x: number; y: number }[] }).points;
    view.append(
      svg('path', {
        d: `M${points.map((p) => `${p.x},${p.y}`).join(' L')}`,
        class: 'edge',
        'data-from': e.v,
        'data-to': e.w,
      }),
    );
  }
  const groups = new Map<string, SVGGElement>();
  for (const n of nodes) {
    const box = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const group = svg('g', {
      class: 'node',
      'data-id': n.id,
      'data-name': n.name,
      'data-layer': n.layer,
      transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`,
    });
    group.append(
      svg('rect', { width: box.width, height: box.height, rx: 5, fill: LAYER_COLORS[n.layer] ?? '#2563eb' }),
    );
    const label = svg('text', { x: 8, y: 15 });
    label.textContent = n.name;
    group.append(label);
    group.addEventListener('click', () => onOpen(n.id));
    view.append(group);
    groups.set(n.id, group);
  }
  enablePanZoom(root, view);
  return {
    element: root,
    highlight: (chosen) => {
      for (const [id, group] of groups)
        group.classList.toggle('dim', chosen !== undefined && !chosen.has(id));
    },
    select: (id) => {
      for (const [key, group] of groups) group.classList.toggle('selected', key === id);
    },
  };
}

function enablePanZoom(root: SVGSVGElement, view: SVGGElement): void {
  const state = { x: 0, y: 0, k: 1, dragging: false, fromX: 0, fromY: 0 };
  const apply = (): void =>
    view.setAttribute('transform', `translate(${state.x},${state.y}) scale(${state.k})`);
  root.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      state.k = Math.min(4, Math.max(0.2, state.k * (event.deltaY < 0 ? 1.15 : 1 / 1.15)));
      apply();
    },
    { passive: false },
  );
  root.addEventListener('mousedown', (event) => {
    state.dragging = true;
    state.fromX = event.clientX - state.x;
    state.fromY = event.clientY - state.y;
  });
  window.addEventListener('mouseup', () => {
    state.dragging = false;
  });
  window.addEventListener('mousemove', (event) => {
    if (!state.dragging) return;
    state.x = event.clientX - state.fromX;
    state.y = event.clientY - state.fromY;
    apply();
  });
}

export const GRAPH_CSS = `
svg.lineage { width: 100%; height: 100%; cursor: grab; background: #fbfbfa; }
svg.lineage .edge { fill: none; stroke: #c3c8d1; stroke-width: 1; }
svg.lineage .node { cursor: pointer; } svg.lineage .node text { fill: #fff; font-size: 11px; pointer-events: none; }
svg.lineage .node.dim { opacity: 0.15; } svg.lineage .node.selected rect { stroke: #111; stroke-width: 2.5; }
`;
