/** The dashboard's panels: KPI cards with period-over-period deltas, charts, and sortable tables. */
import type { ChartConfiguration } from 'chart.js';
import { chartPanel } from '../shared/charts.js';
import { h, table } from '../shared/dom.js';

export interface Result {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}
export type Data = Record<
  | 'kpis'
  | 'trend'
  | 'categories'
  | 'countries'
  | 'segments'
  | 'cohorts'
  | 'churn'
  | 'highRisk'
  | 'inventory'
  | 'payments'
  | 'countryList'
  | 'segmentList'
  | 'options',
  Result
>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const money = (v: number): string =>
  v.toLocaleString('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const COLORS = [
  '#3b5bdb',
  '#f59f00',
  '#2f9e44',
  '#e03131',
  '#7048e8',
  '#1098ad',
  '#d6336c',
  '#5c940d',
  '#868e96',
  '#e8590c',
];

/** A KPI card; its delta is green when it moves the good way (down, for refunds). */
function kpi(
  name: string,
  label: string,
  current: number,
  previous: number,
  format: (v: number) => string,
  lowerIsBetter = false,
): HTMLElement {
  const delta = previous === 0 ? undefined : (current - previous) / Math.abs(previous);
  const good = delta !== undefined && (lowerIsBetter ? delta <= 0 : delta >= 0);
  return h(
    'div',
    { class: 'panel kpi', 'data-kpi': name, 'data-value': current.toFixed(4) },
    h('div', { class: 'muted' }, label),
    h('div', { class: 'value' }, format(current)),
    h(
      'div',
      { class: delta === undefined ? 'muted' : good ? 'pass' : 'fail' },
      delta === undefined
        ? 'no previous period'
        : `${delta >= 0 ? '▲' : '▼'} ${(delta * 100).toFixed(1)}% vs previous period`,
    ),
  );
}

export function kpiCards(data: Data): HTMLElement {
  const period = (p: string): Record<string, unknown> => data.kpis.rows.find((r) => r['period'] === p) ?? {};
  const [c, p] = [period('current'), period('previous')];
  // Net revenue (gross − refunds) is the headline, as in the marts; AOV, per-customer revenue and margin are on it.
  const per = (r: Record<string, unknown>, by: string): number =>
    num(r[by]) === 0 ? 0 : num(r['net_revenue']) / num(r[by]);
  const margin = (r: Record<string, unknown>): number =>
    num(r['net_revenue']) === 0 ? 0 : (num(r['profit']) / num(r['net_revenue'])) * 100;
  const count = (v: number): string => v.toLocaleString('en');
  return h(
    'div',
    { class: 'kpis' },
    kpi('net_revenue', 'Net revenue', num(c['net_revenue']), num(p['net_revenue']), money),
    kpi('gross_revenue', 'Gross revenue', num(c['gross_revenue']), num(p['gross_revenue']), money),
    kpi('refunds', 'Refunds', num(c['refunds']), num(p['refunds']), money, true),
    kpi('orders', 'Orders', num(c['orders']), num(p['orders']), count),
    kpi('customers', 'Customers', num(c['customers']), num(p['customers']), count),
    kpi('aov', 'Average order value (net)', per(c, 'orders'), per(p, 'orders'), money),
    kpi('arpu', 'Net revenue per customer', per(c, 'customers'), per(p, 'customers'), money),
    kpi('margin', 'Margin (on net revenue)', margin(c), margin(p), (v) => `${v.toFixed(1)}%`),
  );
}

const config = (
  type: 'line' | 'bar' | 'doughnut',
  labels: readonly string[],
  datasets: { label: string; data: number[]; color?: string }[],
  horizontal = false,
): ChartConfiguration =>
  ({
    type,
    data: {
      labels: [...labels],
      datasets: datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: type === 'doughnut' ? COLORS : (d.color ?? COLORS[i]),
        borderColor: type === 'line' ? (d.color ?? COLORS[i]) : undefined,
        pointRadius: 0,
      })),
    },
    options: { maintainAspectRatio: false, ...(horizontal ? { indexAxis: 'y' as const } : {}) },
  }) as ChartConfiguration;

export function charts(data: Data): HTMLElement[] {
  const col = (r: Result, key: string): number[] => r.rows.map((row) => num(row[key]));
  const labels = (r: Result, key: string): string[] => r.rows.map((row) => String(row[key] ?? ''));
  return [
    chartPanel(
      'trend',
      'Net revenue and profit by day',
      config('line', labels(data.trend, 'order_date'), [
        { label: 'net revenue', data: col(data.trend, 'net_revenue') },
        { label: 'profit', data: col(data.trend, 'profit') },
      ]),
    ),
    chartPanel(
      'categories',
      'Net revenue vs profit by category',
      config('bar', labels(data.categories, 'category'), [
        { label: 'net revenue', data: col(data.categories, 'net_revenue') },
        { label: 'profit', data: col(data.categories, 'profit') },
      ]),
    ),
    chartPanel(
      'countries',
      'Net revenue by country',
      config(
        'bar',
        labels(data.countries, 'country'),
        [{ label: 'net revenue', data: col(data.countries, 'net_revenue') }],
        true,
      ),
    ),
    chartPanel(
      'segments',
      'Customers by segment',
      config('doughnut', labels(data.segments, 'segment'), [
        { label: 'customers', data: col(data.segments, 'customers') },
      ]),
    ),
    chartPanel(
      'churn',
      'Churn risk by segment (mean probability)',
      config('bar', labels(data.churn, 'segment'), [
        { label: 'mean churn probability', data: col(data.churn, 'avg_probability'), color: '#e03131' },
      ]),
    ),
    chartPanel(
      'payments',
      'Payments by method (installments vs not)',
      config(
        'bar',
        data.payments.rows.map(
          (r) =>
            `${String(r['method'])}${r['in_installments'] === true || r['in_installments'] === 'true' ? ' (installments)' : ''}`,
        ),
        [{ label: 'amount', data: col(data.payments, 'amount'), color: '#1098ad' }],
        true,
      ),
    ),
  ];
}

/** Cohort retention as a heatmap table: rows by cohort month, columns by months since the first order. */
export function cohortHeatmap(data: Data): HTMLElement {
  const cohorts = [...new Set(data.cohorts.rows.map((r) => String(r['cohort_month'])))];
  const months = [...new Set(data.cohorts.rows.map((r) => num(r['months_since_first'])))].sort(
    (a, b) => a - b,
  );
  const value = (c: string, m: number): number | undefined => {
    const row = data.cohorts.rows.find(
      (r) => String(r['cohort_month']) === c && num(r['months_since_first']) === m,
    );
    return row ? num(row['retention_pct']) : undefined;
  };
  return h(
    'section',
    { class: 'panel', 'data-chart': 'cohorts', 'data-points': data.cohorts.rows.length },
    h('h3', {}, 'Monthly cohort retention (%)'),
    h(
      'table',
      { class: 'heatmap' },
      h('thead', {}, h('tr', {}, h('th', {}, 'cohort'), ...months.map((m) => h('th', {}, `+${m}`)))),
      h(
        'tbody',
        {},
        ...cohorts.map((c) =>
          h(
            'tr',
            {},
            h('th', {}, c.slice(0, 7)),
            ...months.map((m) => {
              const v = value(c, m);
              return h(
                'td',
                {
                  style:
                    v === undefined
                      ? ''
                      : `background: rgba(59,91,219,${(v / 100).toFixed(2)}); color: ${v > 55 ? '#fff' : '#1d2433'}`,
                },
                v === undefined ? '' : v.toFixed(0),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

/** A table whose headers sort it (click again to reverse). */
export function sortableTable(
  name: string,
  title: string,
  result: Result,
  format: (column: string, value: unknown) => string = (_c, v) => String(v ?? ''),
): HTMLElement {
  const state = { column: '', descending: true };
  const body = h('div', {});
  const render = (): void => {
    const rows = [...result.rows];
    if (state.column)
      rows.sort((a, b) => {
        const [x, y] = [a[state.column], b[state.column]];
        const cmp =
          typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return state.descending ? -cmp : cmp;
      });
    const t = table(
      result.columns,
      rows.map((r) => result.columns.map((c) => format(c, r[c]))),
      { 'data-table': name },
    );
    t.querySelectorAll('th').forEach((th, i) =>
      th.addEventListener('click', () => {
        const column = result.columns[i] ?? '';
        state.descending = state.column === column ? !state.descending : true;
        state.column = column;
        render();
      }),
    );
    body.replaceChildren(t);
  };
  render();
  return h(
    'section',
    { class: 'panel' },
    h('h3', {}, title),
    result.rows.length === 0 ? h('p', { class: 'muted' }, 'none') : body,
  );
}
