-- Orders, units, revenue, margin and return rate per supplier, added up from the daily rollup.
select supplier_id, supplier_name, cast(sum(orders) as bigint) as orders, sum(units) as units,
  sum(revenue) as revenue, {{margin_pct "sum(revenue)" "sum(cost)"}} as margin_pct,
  round(sum(returned_lines) * 100.0 / sum(lines), 2) as return_rate_pct
from {{ref "sales_by_day_supplier"}}
group by 1, 2
