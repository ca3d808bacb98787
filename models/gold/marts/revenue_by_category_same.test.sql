-- The nested mart and the star-join mart must agree row for row.
(select 'only in the star join' as side, * from (select category, orders, gross_revenue from {{ref "revenue_by_category"}} except select * from {{ref "revenue_by_category_nested"}}))
union all
(select 'only in the nested', * from (select * from {{ref "revenue_by_category_nested"}} except select category, orders, gross_revenue from {{ref "revenue_by_category"}}))
