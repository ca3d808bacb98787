-- One meaning of revenue: gross revenue, refunds and net revenue add up to the same totals in
-- fact_sales and in every mart that reports them (each is built its own way: by day, by category,
-- by supplier, per customer, per month). Returns the marts whose totals differ.
with totals as (
  select 'fact_sales' as model, {{revenue_sums}} from {{ref "fact_sales"}}
  union all select 'daily_sales', {{revenue_sums}} from {{ref "daily_sales"}}
  union all select 'revenue_by_category', {{revenue_sums}} from {{ref "revenue_by_category"}}
  union all select 'supplier_performance', {{revenue_sums}} from {{ref "supplier_performance"}}
  union all select 'revenue_by_country', {{revenue_sums}} from {{ref "revenue_by_country"}}
  union all select 'customer_lifetime_value', {{revenue_sums}} from {{ref "customer_lifetime_value"}}
  union all select 'sales_kpis_monthly', {{revenue_sums}} from {{ref "sales_kpis_monthly"}}
)
select m.*, f.gross_revenue as fact_gross_revenue, f.refunds as fact_refunds, f.net_revenue as fact_net_revenue
from totals m
join totals f on f.model = 'fact_sales'
where m.gross_revenue <> f.gross_revenue or m.refunds <> f.refunds or m.net_revenue <> f.net_revenue
