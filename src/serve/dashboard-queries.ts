/**
 * The dashboard's queries over the gold marts and the churn predictions. Filters (date range,
 * country, segment) are bound parameters (`?`): a value with quotes or SQL in it only filters.
 * Relations come from `{{ref}}`, rendered for the target, so the same queries run on DuckDB and
 * Snowflake. Revenue is fact_sales' (macros/commerce.sql): gross, refunds and net; profit, margin,
 * AOV and revenue per customer are on net revenue, as in the marts.
 */
import type { Connection, QueryResult } from '../adapters/adapter.js';
import type { Compiler } from '../compile/compile.js';

export interface DashboardFilters {
  readonly from: string;
  readonly to: string;
  readonly country: string;
  readonly segment: string;
}

/** The filtered order lines, for `[start, to]` (start: the previous period's first day for the KPI deltas). */
const SALES = `with sales as (
  select f.order_date, f.order_id, f.customer_id, f.gross_revenue, f.refunds, f.net_revenue, f.net_revenue - f.cost as profit, p.category, c.country, coalesce(s.segment, 'unscored') as segment
  from {{ref "fact_sales"}} f
  join {{ref "dim_product"}} p on p.product_id = f.product_id
  left join {{ref "dim_customer"}} c on c.customer_id = f.customer_id and c.is_current
  left join {{ref "customer_segmentation"}} s on s.customer_id = f.customer_id
  where f.order_date between cast(? as date) and cast(? as date)
    and (? = '' or c.country = ?) and (? = '' or coalesce(s.segment, 'unscored') = ?)
)`;

const QUERIES = {
  kpis: `${SALES}
select case when order_date >= cast(? as date) then 'current' else 'previous' end as period,
  sum(gross_revenue) as gross_revenue, sum(refunds) as refunds, sum(net_revenue) as net_revenue, count(distinct order_id) as orders, count(distinct customer_id) as customers, sum(profit) as profit
from sales group by 1`,
  trend: `${SALES}\nselect order_date, sum(net_revenue) as net_revenue, sum(profit) as profit from sales where order_date >= cast(? as date) group by 1 order by 1`,
  categories: `${SALES}\nselect category, sum(net_revenue) as net_revenue, sum(profit) as profit from sales where order_date >= cast(? as date) group by 1 order by 2 desc`,
  countries: `${SALES}\nselect country, sum(net_revenue) as net_revenue from sales where order_date >= cast(? as date) group by 1 order by 2 desc`,
  segments: `${SALES}\nselect segment, count(distinct customer_id) as customers, sum(net_revenue) as net_revenue from sales where order_date >= cast(? as date) group by 1 order by 2 desc`,
} as const;

const OTHERS = {
  cohorts: `select cast(cohort_month as date) as cohort_month, months_since_first, retention_pct from {{ref "cohort_retention"}}
where cast(cohort_month as date) between cast(? as date) and cast(? as date) and months_since_first <= 12 order by 1, 2`,
  churn: `select segment, count(*) as customers, avg(churn_probability) as avg_probability, sum(case when risk_band = 'high' then 1 else 0 end) as high_risk
from {{ref "customer_churn_predictions"}} where (? = '' or country = ?) and (? = '' or segment = ?) group by 1 order by 3 desc`,
  highRisk: `select customer_id, segment, country, churn_probability, risk_band, recency_days, expected_revenue_at_risk from {{ref "high_risk_customers"}}
where (? = '' or country = ?) and (? = '' or segment = ?) order by expected_revenue_at_risk desc limit 50`,
  inventory: `select product_name, category, stock_on_hand, reorder_point, days_until_stockout from {{ref "inventory_status"}}
where reorder_alert order by days_until_stockout limit 30`,
  payments: `select method, in_installments, orders, amount, avg_installments from {{ref "payment_behaviour"}} order by amount desc`,
  options: `select min(order_date) as first_day, max(order_date) as last_day from {{ref "fact_sales"}}`,
  countryList: `select distinct country from {{ref "dim_customer"}} where country is not null order by 1`,
  segmentList: `select distinct segment from {{ref "customer_segmentation"}} where segment is not null order by 1`,
} as const;

type DashboardData = Record<keyof typeof QUERIES | keyof typeof OTHERS, QueryResult>;

const day = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function dashboardData(
  connection: Connection,
  compiler: Compiler,
  f: DashboardFilters,
): Promise<DashboardData> {
  const from = Date.parse(`${f.from}T00:00:00Z`);
  const to = Date.parse(`${f.to}T00:00:00Z`);
  const previous = iso(from - (to - from + day));
  const salesParams = (start: string): (string | number)[] => [
    start,
    f.to,
    f.country,
    f.country,
    f.segment,
    f.segment,
  ];
  const out: Partial<DashboardData> = {};
  for (const [key, sql] of Object.entries(QUERIES)) {
    out[key as keyof DashboardData] = await connection.query(
      compiler.renderInline(sql),
      undefined,
      key === 'kpis' ? [...salesParams(previous), f.from] : [...salesParams(f.from), f.from],
    );
  }
  const filterParams = [f.country, f.country, f.segment, f.segment];
  out.cohorts = await connection.query(compiler.renderInline(OTHERS.cohorts), undefined, [
    iso(from - 365 * day),
    f.to,
  ]);
  out.churn = await connection.query(compiler.renderInline(OTHERS.churn), undefined, filterParams);
  out.highRisk = await connection.query(compiler.renderInline(OTHERS.highRisk), undefined, filterParams);
  out.inventory = await connection.query(compiler.renderInline(OTHERS.inventory));
  out.payments = await connection.query(compiler.renderInline(OTHERS.payments));
  out.options = { columns: ['first_day', 'last_day'], rows: [await dashboardOptions(connection, compiler)] };
  out.countryList = await connection.query(compiler.renderInline(OTHERS.countryList));
  out.segmentList = await connection.query(compiler.renderInline(OTHERS.segmentList));
  return out as DashboardData;
}

/** The first and last order days (the date pickers' bounds). */
export async function dashboardOptions(
  connection: Connection,
  compiler: Compiler,
): Promise<Record<string, unknown>> {
  return (await connection.query(compiler.renderInline(OTHERS.options))).rows[0] ?? {};
}

/** The relations the dashboard reads; when any is missing the page explains what to build. */
export const DASHBOARD_MODELS = [
  'fact_sales',
  'dim_product',
  'dim_customer',
  'customer_segmentation',
  'cohort_retention',
  'customer_churn_predictions',
  'high_risk_customers',
  'inventory_status',
  'payment_behaviour',
] as const;
