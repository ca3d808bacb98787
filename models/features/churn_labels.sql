{{config materialized="incremental" unique_key=(array "cutoff_date" "customer_id")}}
-- The labels of each labelled cutoff (its whole 90-day window inside the data), per customer of its
-- features: churned_90d = no order in the 90 days after the cutoff; spend_next_90d = gross revenue of the orders placed in them
-- (the LTV model's label). Incremental: a build labels the cutoffs labelled since the last one and
-- redoes those whose window closed less than three days before the newest order (late-arriving orders).
with due as (
  select cutoff_date from {{ref "churn_cutoffs"}}
  where is_labelled
  {{#if (is_incremental)}}
    and (cutoff_date not in (select distinct cutoff_date from {{this}})
         or cutoff_date + interval '93 day' > (select max(ordered_at) from {{ref "stg_orders"}}))
  {{/if}}
),
ordered as (
  select distinct d.cutoff_date, o.customer_id
  from due d
  join {{ref "stg_orders" window=false}} o on o.ordered_at >= d.cutoff_date and o.ordered_at < d.cutoff_date + interval '90 day'
),
spend as (
  select d.cutoff_date, s.customer_id, sum(s.gross_revenue) as spend
  from due d
  join {{ref "fact_sales"}} s on s.ordered_at >= d.cutoff_date and s.ordered_at < d.cutoff_date + interval '90 day'
  group by d.cutoff_date, s.customer_id
)
select f.cutoff_date, f.customer_id,
  case when o.customer_id is null then 1 else 0 end as churned_90d,
  coalesce(n.spend, 0) as spend_next_90d
from {{ref "cutoff_features"}} f
join due d on d.cutoff_date = f.cutoff_date
left join ordered o on o.cutoff_date = f.cutoff_date and o.customer_id = f.customer_id
left join spend n on n.cutoff_date = f.cutoff_date and n.customer_id = f.customer_id
