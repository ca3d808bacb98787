-- Payment methods and installment risk: how often installment orders end up returned or late.
select p.method, p.installments > 1 as in_installments, count(distinct p.order_id) as orders,
  sum(p.amount) as amount, avg(p.installments) as avg_installments,
  round(avg(case when o.status = 'returned' then 1.0 else 0 end) * 100, 2) as returned_pct
from {{ref "stg_payments"}} p
join {{ref "stg_orders"}} o on o.order_id = p.order_id
group by 1, 2
