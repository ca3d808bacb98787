select *, 'seeds/raw_order_items.csv' as _source_file
from {{ref "raw_order_items"}}
