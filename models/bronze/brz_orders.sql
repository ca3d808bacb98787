select *, 'seeds/raw_orders.csv' as _source_file
from {{ref "raw_orders"}}
