/** The right-hand pages of the docs site: overview, a node, the last run, an ML model. */
import { chartPanel } from '../shared/charts.js';
import { h, svg, table } from '../shared/dom.js';
import { LAYER_COLORS } from './graph.js';
import type { DocsData, DocsNode, MlVersion } from './types.js';

const link = (id: string, label: string): HTMLAnchorElement =>
  h('a', { href: `#/node/${encodeURIComponent(id)}`, class: 'node-link' }, label);

export function overviewPage(data: DocsData): HTMLElement {
  const counts = new Map<string, number>();
  for (const n of data.nodes) counts.set(n.layer, (counts.get(n.layer) ?? 0) + 1);
  const failing = data.nodes.filter((n) => n.lastResult && /error|fail/.test(n.lastResult.status));
  return h(
    'div',
    { class: 'page', 'data-page': 'overview' },
    h('h2', {}, data.project),
    h(
      'p',
      { class: 'muted' },
      `${data.nodes.length} nodes · target ${data.target} · generated ${data.generatedAt}`,
    ),
    table(
      ['layer', 'nodes'],
      [...counts].map(([layer, n]) => [
        h(
          'span',
          { class: 'pill', style: `background:${LAYER_COLORS[layer] ?? '#2563eb'};color:#fff` },
          layer,
        ),
        n,
      ]),
    ),
    h('h3', {}, 'Last run'),
    data.run
      ? h(
          'p',
          {},
          h('a', { href: '#/run' }, `timeline of run ${data.run.invocationId}`),
          ` — ${data.run.spans.length} nodes, `,
          failing.length === 0
            ? h('span', { class: 'pass' }, 'nothing failing')
            : h('span', { class: 'fail' }, `${failing.length} failing`),
        )
      : h('p', { class: 'muted' }, 'no run yet'),
    failing.length > 0
      ? h('ul', {}, ...failing.map((n) => h('li', {}, link(n.id, n.name), ` ${n.lastResult?.status}`)))
      : null,
    Object.keys(data.ml).length > 0 ? h('h3', {}, 'ML models') : null,
    h('ul', {}, ...Object.keys(data.ml).map((name) => h('li', {}, h('a', { href: `#/ml/${name}` }, name)))),
  );
}

export function nodePage(data: DocsData, node: DocsNode): HTMLElement {
  const children = data.nodes.filter((n) => n.parents.includes(node.id));
  const tests = children.filter((n) => n.resourceType === 'test' || n.resourceType === 'unit_test');
  const config = Object.entries(node.config).filter(
    ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  return h(
    'div',
    { class: 'page', 'data-page': 'node', 'data-id': node.id },
    h(
      'h2',
      {},
      node.name,
      ' ',
      h('span', { class: 'pill' }, node.resourceType),
      ' ',
      h('span', { class: 'pill' }, node.layer),
    ),
    h('p', { class: 'muted' }, node.file, ' · ', node.id),
    node.description ? h('p', {}, node.description) : null,
    node.lastResult
      ? h(
          'p',
          {},
          'last run: ',
          h('span', { class: node.lastResult.status }, node.lastResult.status),
          ` in ${node.lastResult.seconds.toFixed(2)} s `,
          h('span', { class: 'muted' }, node.lastResult.message),
        )
      : null,
    node.resourceType === 'ml'
      ? h('p', {}, h('a', { href: `#/ml/${node.name}` }, 'model versions and evaluation →'))
      : null,
    h('h3', {}, 'Columns'),
    node.columns.length > 0
      ? table(
          ['column', 'type', 'description'],
          node.columns.map((c) => [c.name, c.type, c.description]),
          { 'data-table': 'columns' },
        )
      : h('p', { class: 'muted' }, 'not built yet, and none declared'),
    h('h3', {}, 'Tests'),
    tests.length > 0
      ? table(
          ['test', 'last result'],
          tests.map((t) => [
            link(t.id, t.name),
            h('span', { class: t.lastResult?.status ?? 'muted' }, t.lastResult?.status ?? 'not run'),
          ]),
        )
      : h('p', { class: 'muted' }, 'none'),
    h('h3', {}, 'Lineage'),
    h(
      'p',
      {},
      'upstream: ',
      ...node.parents.flatMap((p, i) => [
        i > 0 ? ', ' : '',
        link(p, data.nodes.find((n) => n.id === p)?.name ?? p),
      ]),
    ),
    h(
      'p',
      {},
      'downstream: ',
      ...children
        .filter((c) => !tests.includes(c))
        .flatMap((c, i) => [i > 0 ? ', ' : '', link(c.id, c.name)]),
    ),
    config.length > 0 ? h('h3', {}, 'Config') : null,
    config.length > 0
      ? table(
          ['key', 'value'],
          config.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        )
      : null,
    node.rawCode ? h('h3', {}, 'SQL') : null,
    node.rawCode ? h('pre', { 'data-code': 'raw' }, node.rawCode) : null,
    node.compiledCode ? h('h3', {}, 'Compiled SQL') : null,
    node.compiledCode ? h('pre', { 'data-code': 'compiled' }, node.compiledCode) : null,
  );
}

export function runPage(data: DocsData): HTMLElement {
  const spans = data.run?.spans ?? [];
  if (spans.length === 0)
    return h('div', { class: 'page', 'data-page': 'run' }, h('p', { class: 'muted' }, 'no run yet'));
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const threads = [...new Set(spans.map((s) => s.thread))].sort();
  const width = 900;
  const lane = 26;
  const scale = (t: number): number => 120 + ((t - start) / Math.max(1, end - start)) * (width - 130);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${threads.length * lane + 30}`,
    class: 'timeline',
    'data-spans': spans.length,
  });
  threads.forEach((thread, i) => {
    const t = svg('text', { x: 4, y: i * lane + 17 });
    t.textContent = thread;
    chart.append(t);
  });
  for (const s of spans) {
    const name = data.nodes.find((n) => n.id === s.id)?.name ?? s.id;
    const rect = svg('rect', {
      x: scale(s.start),
      y: threads.indexOf(s.thread) * lane + 4,
      width: Math.max(2, scale(s.end) - scale(s.start)),
      height: lane - 8,
      class: `span ${s.status}`,
      'data-id': s.id,
    });
    const title = svg('title');
    title.textContent = `${name}: ${s.status}, ${((s.end - s.start) / 1000).toFixed(2)} s`;
    rect.append(title);
    chart.append(rect);
  }
  const axis = svg('text', { x: width - 4, y: threads.length * lane + 22, 'text-anchor': 'end' });
  axis.textContent = `${((end - start) / 1000).toFixed(1)} s`;
  chart.append(axis);
  const slowest = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 10);
  return h(
    'div',
    { class: 'page', 'data-page': 'run' },
    h('h2', {}, 'Last run'),
    h('p', { class: 'muted' }, `${spans.length} nodes on ${threads.length} threads`),
    chart,
    h('h3', {}, 'Slowest'),
    table(
      ['node', 'seconds', 'status'],
      slowest.map((s) => [
        link(s.id, data.nodes.find((n) => n.id === s.id)?.name ?? s.id),
        ((s.end - s.start) / 1000).toFixed(2),
        h('span', { class: s.status }, s.status),
      ]),
    ),
  );
}

interface Evaluation {
  test?: {
    rocAuc?: number;
    prAuc?: number;
    brier?: number;
    accuracy?: number;
    threshold?: number;
    prevalence?: number;
    liftAt10?: number;
    rows?: number;
    confusion?: number[][];
    roc?: number[][];
    pr?: number[][];
    reliability?: number[][];
    r2?: number;
    mse?: number;
    mae?: number;
  };
  importance?: { feature: string; value: number }[];
}

const xy = (points: readonly number[][] = []): { x: number; y: number }[] =>
  points.map((p) => ({ x: p[0] ?? 0, y: p[1] ?? 0 }));

export function mlPage(name: string, versions: readonly MlVersion[]): HTMLElement {
  const latest = versions[0];
  if (!latest)
    return h(
      'div',
      { class: 'page', 'data-page': 'ml' },
      h('h2', {}, name),
      h('p', { class: 'muted' }, 'not trained yet'),
    );
  const evaluation = latest.evaluation as Evaluation;
  const test = evaluation.test ?? {};
  const oracle = latest.oracle as { modelAuc?: number; oracleAuc?: number; warning?: string } | null;
  const metrics = Object.entries(test)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [k, Number(v).toFixed(4)]);
  const line = (
    label: string,
    points: readonly number[][] = [],
    extra: { label: string; data: { x: number; y: number }[] }[] = [],
  ) => ({
    type: 'scatter' as const,
    data: {
      datasets: [
        { label, data: xy(points), showLine: true, pointRadius: 0, borderColor: '#3b5bdb' },
        ...extra.map((e) => ({
          ...e,
          showLine: true,
          pointRadius: 0,
          borderColor: '#aaa',
          borderDash: [4, 4],
        })),
      ],
    },
    options: { scales: { x: { type: 'linear' as const, min: 0, max: 1 }, y: { min: 0, max: 1 } } },
  });
  const diagonal = [
    {
      label: 'chance',
      data: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
    },
  ];
  return h(
    'div',
    { class: 'page', 'data-page': 'ml', 'data-model': name },
    h(
      'h2',
      {},
      name,
      ' ',
      h('span', { class: 'pill' }, `v${latest.version}`),
      ' ',
      h('span', { class: 'pill' }, String(latest.artifact.algorithm ?? '')),
    ),
    h('p', { class: 'muted' }, `versions: ${versions.map((v) => `v${v.version}`).join(', ')}`),
    table(['test metric', 'value'], metrics, { 'data-table': 'metrics' }),
    oracle
      ? h(
          'p',
          {},
          `oracle AUC ${oracle.oracleAuc?.toFixed(3)} vs model ${oracle.modelAuc?.toFixed(3)}`,
          oracle.warning ? h('span', { class: 'warn' }, ` — ${oracle.warning}`) : null,
        )
      : null,
    test.confusion ? h('h3', {}, 'Confusion matrix (rows: actual, columns: predicted)') : null,
    test.confusion
      ? table(
          ['', 'predicted 0', 'predicted 1'],
          test.confusion.map((row, i) => [`actual ${i}`, ...row]),
          { 'data-table': 'confusion' },
        )
      : null,
    h(
      'div',
      { class: 'charts' },
      test.roc
        ? chartPanel('roc', `ROC (AUC ${test.rocAuc?.toFixed(3)})`, line('ROC', test.roc, diagonal))
        : null,
      test.pr
        ? chartPanel('pr', `Precision–recall (AUC ${test.prAuc?.toFixed(3)})`, line('PR', test.pr))
        : null,
      test.reliability
        ? chartPanel(
            'reliability',
            'Reliability (predicted vs observed)',
            line('reliability', test.reliability, diagonal),
          )
        : null,
      evaluation.importance
        ? chartPanel('importance', 'Feature importance', {
            type: 'bar',
            data: {
              labels: evaluation.importance.slice(0, 15).map((i) => i.feature),
              datasets: [
                {
                  label: 'gain',
                  data: evaluation.importance.slice(0, 15).map((i) => i.value),
                  backgroundColor: '#7c3aed',
                },
              ],
            },
            options: { indexAxis: 'y' },
          })
        : null,
    ),
  );
}
