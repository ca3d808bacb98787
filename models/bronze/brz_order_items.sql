select * from {{source "landing" "order_lines"}}
