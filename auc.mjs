import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
const r = await c.runAndReadAll(`
with o as (select distinct customer_id::int as customer_id, order_id, ordered_at::timestamp as ordered_at from read_csv('/tmp/landing/orders/*.csv', all_varchar=true)),
orc as (select customer_id::int as customer_id, cutoff_date::date as cutoff, p_churn::double as p from read_csv('/tmp/oracle/churn_oracle/*.csv', all_varchar=true)),
lab as (select orc.*, case when exists (select 1 from o where o.customer_id = orc.customer_id and o.ordered_at > orc.cutoff and o.ordered_at <= orc.cutoff + interval 90 day) then 0 else 1 end as label
        from orc where cutoff <= date '2026-10-31' - interval 90 day and cutoff >= date '2025-01-01'),
pop as (select * from lab where exists (select 1 from o where o.customer_id = lab.customer_id and o.ordered_at <= lab.cutoff and o.ordered_at > lab.cutoff - interval 180 day)),
ranked as (select *, rank() over (order by p) + (count(*) over (partition by p) - 1) / 2.0 as rk from pop)
select count(*) n, avg(label) prevalence, avg(p) mean_p,
  (sum(case when label = 1 then rk end) - sum(label) * (sum(label) + 1) / 2.0) / (sum(label) * (count(*) - sum(label))) as auc
from ranked`);
console.log(r.getRowObjectsJson());
const d = await c.runAndReadAll(`
with o as (select distinct customer_id::int as customer_id, order_id, ordered_at::timestamp as ordered_at from read_csv('/tmp/landing/orders/*.csv', all_varchar=true)),
orc as (select customer_id::int as customer_id, cutoff_date::date as cutoff, p_churn::double as p from read_csv('/tmp/oracle/churn_oracle/*.csv', all_varchar=true)),
lab as (select orc.*, case when exists (select 1 from o where o.customer_id = orc.customer_id and o.ordered_at > orc.cutoff and o.ordered_at <= orc.cutoff + interval 90 day) then 0 else 1 end as label
        from orc where cutoff <= date '2026-10-31' - interval 90 day and cutoff >= date '2025-01-01')
select ntile, round(avg(p),3) p, round(avg(label),3) observed, count(*) n from (select *, ntile(10) over (order by p) ntile from lab) group by 1 order by 1`);
console.log(d.getRowObjectsJson().map(r=>`${r.ntile}: p=${r.p} obs=${r.observed} n=${r.n}`).join('\n'));
