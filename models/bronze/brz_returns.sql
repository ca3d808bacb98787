-- returns as landed (text columns), a view over the loaded raw table.
select * from {{source "landing" "returns"}}
