{{!--
  Point-in-time churn features: one row per (customer, cutoff) for customers with an order in the
  180 days before the cutoff, computed only from events strictly before the cutoff: an order counts
  if it was placed before it, a return only if the return itself happened before it (returned_at), a
  late delivery only if the delivery did (delivered_at). Revenue features are gross revenue (returns
  are their own feature). Every input is a relation parameter, so a data test can feed the same
  logic inputs truncated at the cutoff and prove the model reads nothing at or after it
  (features_truncated_at below; models/features/customer_features_no_leak.test.sql).
    cutoffs:   (cutoff_date)
    sales:     fact_sales-like lines (customer_id, order_id, product_id, ordered_at, gross_revenue, discount_pct,
               delivered_at, is_late, returned_at)
    products:  (product_id, category)
    sessions:  web events (customer_id, session_id, occurred_at)
    versions:  customer versions (customer_id, segment, country, signup_channel, signup_at, updated_at)
--}}
{{#macro "customer_features" cutoffs sales products sessions versions}}
with orders as (
  select customer_id, order_id, min(ordered_at) as ordered_at, sum(gross_revenue) as revenue,
    max(discount_pct) as discount_pct,
    max(case when is_late then delivered_at end) as late_delivered_at, min(returned_at) as first_returned_at
  from {{sales}}
  group by customer_id, order_id
),
population as (
  select distinct c.cutoff_date, o.customer_id
  from {{cutoffs}} c
  join orders o on o.ordered_at < c.cutoff_date and o.ordered_at >= c.cutoff_date - interval '180 day'
),
order_features as (
  select p.cutoff_date, p.customer_id,
    {{datediff "day" "max(o.ordered_at)" "p.cutoff_date"}} as recency_days,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval '30 day' then o.order_id end) as orders_30d,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval '90 day' then o.order_id end) as orders_90d,
    count(distinct case when o.ordered_at >= p.cutoff_date - interval '180 day' then o.order_id end) as orders_180d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval '30 day' then o.revenue end), 0) as revenue_30d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval '90 day' then o.revenue end), 0) as revenue_90d,
    coalesce(sum(case when o.ordered_at >= p.cutoff_date - interval '180 day' then o.revenue end), 0) as revenue_180d,
    count(distinct o.order_id) as orders_lifetime,
    {{datediff "day" "min(o.ordered_at)" "max(o.ordered_at)"}} / nullif(count(distinct o.order_id) - 1, 0) as avg_days_between_orders,
    sum(case when o.ordered_at >= p.cutoff_date - interval '180 day' and o.first_returned_at < p.cutoff_date then 1 else 0 end) as returns_180d,
    sum(case when o.ordered_at >= p.cutoff_date - interval '180 day' and o.late_delivered_at < p.cutoff_date then 1 else 0 end) as late_deliveries_180d,
    avg(case when o.ordered_at >= p.cutoff_date - interval '180 day' then case when o.discount_pct > 0 then 1.0 else 0 end end) as discount_share_180d
  from population p
  join orders o on o.customer_id = p.customer_id and o.ordered_at < p.cutoff_date
  group by p.cutoff_date, p.customer_id
),
breadth as (
  select p.cutoff_date, p.customer_id, count(distinct pr.category) as category_breadth
  from population p
  join {{sales}} s on s.customer_id = p.customer_id and s.ordered_at < p.cutoff_date
  join {{products}} pr on pr.product_id = s.product_id
  group by p.cutoff_date, p.customer_id
),
browsing as (
  select p.cutoff_date, p.customer_id,
    count(distinct case when w.occurred_at >= p.cutoff_date - interval '30 day' then w.session_id end) as sessions_30d,
    {{datediff "day" "max(w.occurred_at)" "p.cutoff_date"}} as days_since_last_session
  from population p
  join {{sessions}} w on w.customer_id = p.customer_id and w.occurred_at < p.cutoff_date
  group by p.cutoff_date, p.customer_id
),
attributes as (
  select p.cutoff_date, p.customer_id, v.segment, v.country, v.signup_channel, {{datediff "day" "v.signup_at" "p.cutoff_date"}} as tenure_days
  from population p
  join {{versions}} v on v.customer_id = p.customer_id and v.updated_at < p.cutoff_date
  qualify row_number() over (partition by p.cutoff_date, p.customer_id order by v.updated_at desc) = 1
)
select f.cutoff_date, f.customer_id, a.segment, a.country, a.signup_channel, a.tenure_days,
  f.recency_days, f.orders_30d, f.orders_90d, f.orders_180d, f.revenue_30d, f.revenue_90d, f.revenue_180d,
  f.orders_lifetime, f.avg_days_between_orders, f.recency_days / nullif(f.avg_days_between_orders, 0) as recency_over_gap, f.returns_180d, f.late_deliveries_180d, f.discount_share_180d,
  f.revenue_180d / nullif(f.orders_180d, 0) as avg_basket_180d,
  coalesce(b.category_breadth, 0) as category_breadth,
  coalesce(w.sessions_30d, 0) as sessions_30d, w.days_since_last_session
from order_features f
left join breadth b on b.cutoff_date = f.cutoff_date and b.customer_id = f.customer_id
left join browsing w on w.cutoff_date = f.cutoff_date and w.customer_id = f.customer_id
left join attributes a on a.cutoff_date = f.cutoff_date and a.customer_id = f.customer_id
{{/macro}}

{{!--
  The features of one cutoff recomputed from inputs truncated at it: sales lines placed before it with
  their delivery and return blanked unless they happened before it, sessions and customer versions
  before it; `sample` narrows the customers (a condition on customer_id). What the no-leak data test
  compares the model with: equal only if the model reads no event at or after its cutoff.
--}}
{{#macro "features_truncated_at" cutoff sales products sessions versions sample="true"}}
{{customer_features
    (concat "(select " cutoff " as cutoff_date)")
    (concat "(select customer_id, order_id, product_id, ordered_at, gross_revenue, discount_pct,"
      " case when delivered_at < " cutoff " then delivered_at end as delivered_at,"
      " case when delivered_at < " cutoff " then is_late end as is_late,"
      " case when returned_at < " cutoff " then returned_at end as returned_at"
      " from " sales " where ordered_at < " cutoff " and " sample ")")
    products
    (concat "(select * from " sessions " where occurred_at < " cutoff " and " sample ")")
    (concat "(select * from " versions " where updated_at < " cutoff " and " sample ")")}}
{{/macro}}
