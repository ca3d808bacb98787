-- Singular test: a day's profit can never exceed its net revenue.
select order_date, net_revenue, profit from {{ref "daily_sales"}} where profit > net_revenue
