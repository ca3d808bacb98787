-- Orders and gross revenue per category computed from the nested orders instead of the star join:
-- the same numbers as revenue_by_category's (a data test compares them), through
-- sales_by_day_category_nested. Refunds are not in the nested orders, so there is no net here.
select category, cast(sum(orders) as bigint) as orders, sum(gross_revenue) as gross_revenue
from {{ref "sales_by_day_category_nested"}}
group by category
