{{!-- Reusable e-commerce expressions. Call them like helpers: {{margin_pct "revenue" "cost"}}. --}}
{{#macro "margin_pct" revenue cost}}
  case when {{revenue}} = 0 then null else round(({{revenue}} - {{cost}}) / {{revenue}} * 100, 2) end
{{/macro}}

{{#macro "clean_text" column}}
  nullif(trim({{column}}), '')
{{/macro}}

{{!-- A calendar of dates (one row per day or month) between two date expressions, on each adapter. --}}
{{#macro "date_spine" start_date end_date step="day"}}
select cast(range as date) as date_day from range(cast({{start_date}} as date), cast({{end_date}} as date) + interval 1 day, interval 1 {{step}})
{{/macro}}

{{!-- seq4() may have gaps: number the generated rows instead. --}}
{{#macro "snowflake__date_spine" start_date end_date step="day"}}
select date_day from (
  select dateadd({{step}}, row_number() over (order by seq4()) - 1, cast({{start_date}} as date)) as date_day
  from table(generator(rowcount => 10000))
) as forge_spine
where date_day <= cast({{end_date}} as date)
{{/macro}}

{{!--
  Revenue, one meaning everywhere (fact_sales defines it per order line; every rollup, mart and the
  dashboard add up the same three columns under the same names):
    gross_revenue  quantity × unit price of every valid order line, whatever the order's status
    refunds        what the returns feed refunded for those lines, on the order's date
    net_revenue    gross_revenue − refunds; profit and margin_pct are computed on it
  `{{revenue_sums prefix="f."}}` adds them up over a group.
--}}
{{#macro "revenue_sums" prefix=""}}
sum({{prefix}}gross_revenue) as gross_revenue, sum({{prefix}}refunds) as refunds, sum({{prefix}}net_revenue) as net_revenue
{{/macro}}

{{!-- Orders, revenue and margin per category, added up from a per-day-and-category rollup. --}}
{{#macro "category_totals" rollup}}
select
  category,
  cast(sum(orders) as bigint) as orders,
  {{revenue_sums}},
  {{margin_pct "sum(net_revenue)" "sum(cost)"}} as margin_pct
from {{rollup}}
group by category
{{/macro}}
