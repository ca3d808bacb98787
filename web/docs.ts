/** The docs site: lineage graph on the left (search, selection grammar), pages on the right, hash routing. */
import { BASE_CSS, h, readData, style } from './shared/dom.js';
import { GRAPH_CSS, lineageGraph } from './docs/graph.js';
import { mlPage, nodePage, overviewPage, runPage } from './docs/pages.js';
import { selector } from './docs/selection.js';
import type { DocsData } from './docs/types.js';

style(`${BASE_CSS}${GRAPH_CSS}
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(360px, 2fr); height: calc(100vh - 52px); }
#graph { border-right: 1px solid var(--line); overflow: hidden; } #page { overflow: auto; padding: 14px 18px; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 10px; } .chart canvas { max-width: 100%; } .timeline rect.success, .timeline rect.pass { fill: #22c55e; }
.timeline rect.error, .timeline rect.fail { fill: #ef4444; } .timeline rect.skipped, .timeline rect.warn { fill: #f59e0b; } .timeline text { font-size: 11px; }
#selection-error { color: #fca5a5; }`);

const data = readData<DocsData>();
const select = selector(data.nodes, data.project);
const page = h('section', { id: 'page' });
const graph = lineageGraph(
  data.nodes.filter((n) => n.resourceType !== 'unit_test'),
  (id) => {
    location.hash = `#/node/${encodeURIComponent(id)}`;
  },
);
const error = h('span', { id: 'selection-error' });
const search = h('input', { id: 'search', placeholder: 'search nodes', type: 'search' });
const selection = h('input', {
  id: 'selector',
  placeholder: 'select: +fact_sales+  tag:gold',
  type: 'search',
});

function highlight(): void {
  const text = (selection as HTMLInputElement).value;
  const term = (search as HTMLInputElement).value.trim().toLowerCase();
  const chosen = select(text);
  error.textContent = chosen.error ?? '';
  let ids = chosen.ids;
  if (term)
    ids = new Set(
      data.nodes
        .filter((n) => n.name.toLowerCase().includes(term) && (!ids || ids.has(n.id)))
        .map((n) => n.id),
    );
  graph.highlight(ids);
}
search.addEventListener('input', highlight);
selection.addEventListener('input', highlight);

function route(): void {
  const [, kind, arg] = location.hash.split('/');
  const id = arg ? decodeURIComponent(arg) : '';
  page.replaceChildren();
  graph.select(kind === 'node' ? id : undefined);
  const node = data.nodes.find((n) => n.id === id);
  if (kind === 'node' && node) page.append(nodePage(data, node));
  else if (kind === 'run') page.append(runPage(data));
  else if (kind === 'ml' && data.ml[id]) page.append(mlPage(id, data.ml[id] ?? []));
  else page.append(overviewPage(data));
}
window.addEventListener('hashchange', route);

document
  .getElementById('app')
  ?.replaceWith(
    h(
      'div',
      {},
      h(
        'header',
        {},
        h('h1', {}, h('a', { href: '#/' }, `${data.project} docs`)),
        search,
        selection,
        error,
        h('a', { href: '#/run' }, 'last run'),
      ),
      h('main', {}, h('div', { id: 'graph' }, graph.element), page),
    ),
  );
route();
