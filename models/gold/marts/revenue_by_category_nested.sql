-- revenue_by_category computed from the nested orders instead of the star join: the same numbers
-- (a data test compares them), through sales_by_day_category_nested.
{{category_totals (ref "sales_by_day_category_nested")}}
