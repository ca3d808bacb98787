-- Orders, units, revenue (gross, refunds, net), margin and return rate per supplier, added up from the daily rollup.
select supplier_id, supplier_name, cast(sum(orders) as bigint) as orders, sum(units) as units,
  {{revenue_sums}}, {{margin_pct "sum(net_revenue)" "sum(cost)"}} as margin_pct,
  round(sum(returned_lines) * 100.0 / sum(lines), 2) as return_rate_pct
from {{ref "sales_by_day_supplier"}}
group by 1, 2
