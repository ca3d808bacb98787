-- Customers as landed (text columns), with each row's file and load time.
select * from {{source "landing" "customers"}}
