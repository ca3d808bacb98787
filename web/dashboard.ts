/** The live dashboard (`forge serve`): filters → /api/dashboard (bound parameters) → KPI cards, charts, tables. */
import { BASE_CSS, h, readData, style } from './shared/dom.js';
import { charts, cohortHeatmap, kpiCards, sortableTable, type Data } from './dashboard/render.js';

style(`${BASE_CSS}
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; } main { padding: 14px 18px; display: grid; gap: 12px; }
.kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; } .kpi .value { font-size: 22px; font-weight: 650; }
.grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; } .chart { height: 300px; } .chart canvas { max-height: 240px; }
.heatmap td, .heatmap th { text-align: center; padding: 3px 5px; font-size: 12px; } .empty { padding: 40px; text-align: center; }
th { cursor: pointer; } .panel { overflow: auto; }`);

const meta = readData<{ project: string }>();
const from = h('input', { type: 'date', id: 'from' });
const to = h('input', { type: 'date', id: 'to' });
const country = h('select', { id: 'country' }, h('option', { value: '' }, 'all countries'));
const segment = h('select', { id: 'segment' }, h('option', { value: '' }, 'all segments'));
const status = h('span', { id: 'status', class: 'muted' });
const main = h('main', { id: 'dashboard' });

document
  .getElementById('app')
  ?.replaceWith(
    h(
      'div',
      {},
      h(
        'header',
        {},
        h('h1', {}, `${meta.project} dashboard`),
        h('div', { class: 'filters' }, from, to, country, segment),
        status,
        h('a', { href: '/docs' }, 'docs & lineage'),
      ),
      main,
    ),
  );

const value = (el: HTMLElement): string => (el as HTMLInputElement | HTMLSelectElement).value;

function fill(select: HTMLElement, values: readonly string[]): void {
  const keep = value(select);
  select.replaceChildren(select.firstChild as Node, ...values.map((v) => h('option', { value: v }, v)));
  (select as HTMLSelectElement).value = values.includes(keep) ? keep : '';
}

function showMessage(text: string, kind: string): void {
  main.replaceChildren(
    h(
      'section',
      { class: `panel empty ${kind}`, 'data-state': kind },
      h('h2', {}, kind === 'empty' ? 'Nothing to show yet' : 'The dashboard cannot load'),
      h('p', {}, text),
    ),
  );
}

async function load(): Promise<void> {
  status.textContent = 'loading…';
  const query = new URLSearchParams({
    from: value(from),
    to: value(to),
    country: value(country),
    segment: value(segment),
  });
  const response = await fetch(`/api/dashboard?${query}`);
  const body = (await response.json()) as Data & {
    empty?: boolean;
    message?: string;
    error?: string;
    hint?: string;
  };
  status.textContent = '';
  if (body.empty) return showMessage(body.message ?? 'no data', 'empty');
  if (!response.ok || body.error)
    return showMessage(`${body.error ?? response.statusText}${body.hint ? ` — ${body.hint}` : ''}`, 'error');
  fill(
    country,
    body.countryList.rows.map((r) => String(r['country'])),
  );
  fill(
    segment,
    body.segmentList.rows.map((r) => String(r['segment'])),
  );
  const fixed = (c: string, v: unknown): string =>
    typeof v === 'number' && !Number.isInteger(v)
      ? v.toFixed(c.includes('probability') ? 3 : 2)
      : String(v ?? '');
  main.replaceChildren(
    kpiCards(body),
    h('div', { class: 'grid' }, ...charts(body)),
    h(
      'div',
      { class: 'grid' },
      cohortHeatmap(body),
      sortableTable('high-risk', 'High-risk customers (by revenue at risk)', body.highRisk, fixed),
      sortableTable('inventory', 'Inventory alerts (reorder now)', body.inventory, fixed),
    ),
  );
  main.setAttribute('data-loaded', query.toString());
}

async function start(): Promise<void> {
  const response = await fetch('/api/options');
  const body = (await response.json()) as {
    options?: { first_day: string; last_day: string };
    empty?: boolean;
    message?: string;
    error?: string;
  };
  if (body.empty) return showMessage(body.message ?? 'no data', 'empty');
  if (!body.options) return showMessage(body.error ?? 'no data', 'error');
  const last = String(body.options.last_day).slice(0, 10);
  (to as HTMLInputElement).value = last;
  (from as HTMLInputElement).value = new Date(Date.parse(`${last}T00:00:00Z`) - 89 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  for (const el of [from, to, country, segment])
    el.addEventListener('change', () => {
      void load();
    });
  await load();
}
void start();
