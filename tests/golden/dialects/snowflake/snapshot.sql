-- snapshot, first build: prepare
create schema if not exists ANALYTICS.DBT_ADA_SNAPSHOTS;
create or replace transient table ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_tmp as
select forge_src.*, cast(forge_src.updated_at as timestamp) as valid_from, cast(null as timestamp) as valid_to, true as is_current, md5(cast(forge_src.customer_id as varchar) || '|' || cast(cast(forge_src.updated_at as timestamp) as varchar)) as forge_scd_id
from (
select * from ANALYTICS.RAW.customers
) as forge_src;
-- snapshot, first build: swap (one transaction)
alter table ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_tmp rename to ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot;

-- snapshot update, timestamp strategy: prepare

-- snapshot update, timestamp strategy: swap (one transaction)
update ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot as forge_t set valid_to = cast(forge_s.updated_at as timestamp), is_current = false
from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap as forge_s
where forge_t.is_current and forge_t.customer_id is not distinct from forge_s.customer_id and (cast(forge_s.updated_at as timestamp) > forge_t.valid_from);
insert into ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot (customer_id, email, updated_at, valid_from, valid_to, is_current, forge_scd_id)
select forge_s.*, cast(forge_s.updated_at as timestamp) as valid_from, cast(null as timestamp) as valid_to, true as is_current, md5(cast(forge_s.customer_id as varchar) || '|' || cast(cast(forge_s.updated_at as timestamp) as varchar)) as forge_scd_id
from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap as forge_s
where not exists (select 1 from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot as forge_t where forge_t.is_current and forge_t.customer_id is not distinct from forge_s.customer_id);
-- snapshot update, timestamp strategy: cleanup
drop table if exists ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap;

-- snapshot update, check strategy, hard deletes invalidated: prepare

-- snapshot update, check strategy, hard deletes invalidated: swap (one transaction)
update ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot as forge_t set valid_to = '2026-03-01 06:00:00.000'::timestamp_ntz, is_current = false
where forge_t.is_current and not exists (select 1 from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap as forge_s where forge_t.customer_id is not distinct from forge_s.customer_id);
update ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot as forge_t set valid_to = '2026-03-01 06:00:00.000'::timestamp_ntz, is_current = false
from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap as forge_s
where forge_t.is_current and forge_t.customer_id is not distinct from forge_s.customer_id and (forge_t.email is distinct from forge_s.email);
insert into ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot (customer_id, email, updated_at, valid_from, valid_to, is_current, forge_scd_id)
select forge_s.*, '2026-03-01 06:00:00.000'::timestamp_ntz as valid_from, cast(null as timestamp) as valid_to, true as is_current, md5(cast(forge_s.customer_id as varchar) || '|' || cast('2026-03-01 06:00:00.000'::timestamp_ntz as varchar)) as forge_scd_id
from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap as forge_s
where not exists (select 1 from ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot as forge_t where forge_t.is_current and forge_t.customer_id is not distinct from forge_s.customer_id);
-- snapshot update, check strategy, hard deletes invalidated: cleanup
drop table if exists ANALYTICS.DBT_ADA_SNAPSHOTS.customers_snapshot__forge_snap;
