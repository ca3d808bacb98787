select *, 'seeds/raw_products.csv' as _source_file
from {{ref "raw_products"}}
