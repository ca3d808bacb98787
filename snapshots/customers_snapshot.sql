{{config unique_key="customer_id" strategy="timestamp" updated_at="updated_at"}}
-- SCD type 2 history of customers: a new version whenever a customer's record changes.
select * from {{ref "stg_customers"}}
