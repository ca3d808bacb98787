create or replace function FORGE_SHOP.FORGE_ML.PREDICT_CHURN_PROBABILITY(a FLOAT, b FLOAT, c FLOAT, seg VARCHAR)
returns float
language sql
as
$$
1 / (1 + exp(-(
  (-3e-1)
  + 7e-1 * coalesce(a, 1e-1)
  + (-1.25e-3) * coalesce(b, 1.2345e+3)
  + 2.5e+0 * coalesce(c, (-2e+0))
  + 9e-1 * (case when seg = 'x''y' then 1 else 0 end)
)))
$$
