-- Customers as landed, with the load's lineage columns.
select *, 'seeds/raw_customers.csv' as _source_file
from {{ref "raw_customers"}}
