-- Singular test: a day's profit can never exceed its revenue.
select order_date, revenue, profit from {{ref "daily_sales"}} where profit > revenue
