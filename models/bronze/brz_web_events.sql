-- web_events as landed (text columns), a view over the loaded raw table.
select * from {{source "landing" "web_events"}}
