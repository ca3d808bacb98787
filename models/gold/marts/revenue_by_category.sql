-- Orders, revenue (gross, refunds, net) and margin per product category, added up from the daily rollup (a few thousand rows)
-- instead of every order line: it rebuilds fully each build, in milliseconds.
{{category_totals (ref "sales_by_day_category")}}
