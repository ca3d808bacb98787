/**
 * Snowflake's built-in functions, as data: the names in Snowflake's SQL function reference
 * (docs.snowflake.com/en/sql-reference/functions-all), by category, with their documented aliases.
 * Geospatial functions are only the common ST_ ones; Cortex functions called qualified
 * (`snowflake.cortex.…`) need no entry, since qualified calls are UDF-like and never checked.
 * A name here must be one Snowflake really has: DuckDB-only names (`bool_or`, `string_agg`,
 * `list_*`, `strftime`, `epoch_ms`, `regexp_matches`, `range`, `unnest`, `date_diff`…) are absent
 * on purpose, so that compile (and the loopback server) refuse them as Snowflake would.
 */
import { functionCalls, type FunctionCall } from '../../core/sql-function-calls.js';

const BY_CATEGORY: Readonly<Record<string, string>> = {
  aggregate: `
    agg ai_agg ai_summarize_agg any_value approx_count_distinct approx_percentile approx_percentile_accumulate
    approx_percentile_combine approx_percentile_estimate approx_top_k approx_top_k_accumulate approx_top_k_combine
    approx_top_k_estimate approximate_jaccard_index approximate_similarity array_agg array_union_agg array_unique_agg
    avg bitand_agg bitandagg bit_and_agg bit_andagg bitor_agg bitoragg bit_or_agg bit_oragg bitxor_agg bitxoragg
    bit_xor_agg bit_xoragg bitmap_bit_position bitmap_bucket_number bitmap_construct_agg bitmap_count bitmap_or_agg
    booland_agg boolor_agg boolxor_agg corr count count_if covar_pop covar_samp grouping grouping_id hash_agg hll
    hll_accumulate hll_combine hll_estimate hll_export hll_import kurtosis listagg max max_by median min min_by
    minhash minhash_combine mode object_agg percentile_cont percentile_disc regr_avgx regr_avgy regr_count
    regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy skew stddev stddev_pop stddev_samp sum var_pop
    var_samp variance variance_pop variance_samp`,
  window: `
    conditional_change_event conditional_true_event cume_dist dense_rank first_value interpolate_bfill
    interpolate_ffill interpolate_linear lag last_value lead nth_value ntile percent_rank rank ratio_to_report
    row_number`,
  bitwise: 'bitand bitnot bitor bitshiftleft bitshiftright bitxor getbit',
  conditional: `
    booland boolnot boolor boolxor coalesce decode equal_null greatest greatest_ignore_nulls iff ifnull least
    least_ignore_nulls nullif nullifzero nvl nvl2 regr_valx regr_valy zeroifnull`,
  context: `
    all_user_names current_account current_account_name current_available_roles current_client current_database
    current_date current_ip_address current_organization_name current_region current_role current_role_type
    current_schema current_schemas current_secondary_roles current_session current_statement current_time
    current_timestamp current_transaction current_user current_version current_warehouse getdate getvariable
    invoker_role invoker_share is_application_role_in_session is_database_role_in_session
    is_granted_to_invoker_role is_role_in_session last_query_id last_transaction localtime localtimestamp sysdate
    systimestamp`,
  conversion: `
    cast date time to_array to_binary to_boolean to_char to_date to_decimal to_double to_geography to_geometry
    to_json to_number to_numeric to_object to_time to_timestamp to_timestamp_ltz to_timestamp_ntz to_timestamp_tz
    to_varchar to_variant to_xml try_cast try_to_binary try_to_boolean try_to_date try_to_decimal try_to_double
    try_to_geography try_to_geometry try_to_number try_to_numeric try_to_time try_to_timestamp
    try_to_timestamp_ltz try_to_timestamp_ntz try_to_timestamp_tz`,
  dataGeneration: 'normal random randstr seq1 seq2 seq4 seq8 uniform uuid_string zipf',
  dateAndTime: `
    add_months convert_timezone date_from_parts datefromparts date_part date_trunc dateadd datediff day dayname
    dayofmonth dayofweek dayofweekiso dayofyear extract hour last_day minute month monthname months_between
    next_day previous_day quarter second time_from_parts timefromparts time_slice timeadd timediff
    timestamp_from_parts timestampfromparts timestamp_ltz_from_parts timestampltzfromparts
    timestamp_ntz_from_parts timestampntzfromparts timestamp_tz_from_parts timestamptzfromparts timestampadd
    timestampdiff week weekiso weekofyear year yearofweek yearofweekiso`,
  encryption: 'decrypt decrypt_raw encrypt encrypt_raw try_decrypt try_decrypt_raw',
  file: `
    build_scoped_file_url build_stage_file_url get_absolute_path get_presigned_url get_relative_path
    get_stage_location to_file try_to_file`,
  geospatial: `
    st_area st_asbinary st_asewkb st_asewkt st_asgeojson st_astext st_aswkb st_aswkt st_azimuth st_buffer
    st_centroid st_collect st_contains st_coveredby st_covers st_difference st_dimension st_disjoint st_distance
    st_dwithin st_endpoint st_envelope st_geogfromgeohash st_geogpointfromgeohash st_geographyfromwkb
    st_geographyfromwkt st_geohash st_geometryfromwkb st_geometryfromwkt st_intersection st_intersects st_isvalid
    st_length st_makegeompoint st_makeline st_makepoint st_makepolygon st_npoints st_numpoints st_perimeter
    st_point st_pointn st_polygon st_setsrid st_simplify st_srid st_startpoint st_symdifference st_transform
    st_union st_within st_x st_xmax st_xmin st_y st_ymax st_ymin`,
  hash: `
    hash md5 md5_binary md5_hex md5_number_lower64 md5_number_upper64 sha1 sha1_binary sha1_hex sha2 sha2_binary
    sha2_hex`,
  metadata: 'get_ddl sys_connect_by_path',
  numeric: `
    abs acos acosh asin asinh atan atan2 atanh cbrt ceil cos cosh cot degrees div0 div0null exp factorial floor
    haversine ln log mod pi pow power radians round sign sin sinh sqrt square tan tanh trunc truncate width_bucket`,
  semiStructured: `
    array_append array_cat array_compact array_construct array_construct_compact array_contains array_distinct
    array_except array_flatten array_generate_range array_insert array_intersection array_max array_min
    array_position array_prepend array_remove array_remove_at array_reverse array_size array_slice array_sort
    array_to_string arrays_overlap arrays_to_object arrays_zip as_array as_binary as_boolean as_char as_date
    as_decimal as_double as_integer as_number as_object as_real as_time as_timestamp_ltz as_timestamp_ntz
    as_timestamp_tz as_varchar check_json check_xml filter get get_ignore_case get_path is_array is_binary
    is_boolean is_char is_date is_date_value is_decimal is_double is_integer is_null_value is_object is_real
    is_time is_timestamp_ltz is_timestamp_ntz is_timestamp_tz is_varchar json_extract_path_text map_cat
    map_contains_key map_delete map_insert map_keys map_pick map_size object_construct object_construct_keep_null
    object_delete object_insert object_keys object_pick parse_json parse_xml reduce strip_null_value transform
    try_parse_json typeof xmlget`,
  stringAndBinary: `
    ai_classify ai_complete ai_count_tokens ai_embed ai_extract ai_filter ai_parse_document ai_redact ai_sentiment
    ai_similarity ai_transcribe ai_translate ascii base64_decode_binary base64_decode_string base64_encode
    bit_length char charindex chr collate collation compress concat concat_ws contains decompress_binary
    decompress_string editdistance endswith hex_decode_binary hex_decode_string hex_encode ilike initcap insert
    jarowinkler_similarity left len length like lower lpad ltrim octet_length parse_ip parse_url position
    regexp_count regexp_extract_all regexp_instr regexp_like regexp_replace regexp_substr regexp_substr_all repeat
    replace reverse right rlike rpad rtrim rtrimmed_length search search_ip soundex soundex_p123 space split
    split_part startswith strtok strtok_to_array substr substring translate trim try_base64_decode_binary
    try_base64_decode_string try_hex_decode_binary try_hex_decode_string unicode upper`,
  table: `
    alert_history automatic_clustering_history complete_task_graphs copy_history current_task_graphs
    data_transfer_history database_refresh_history database_replication_usage_history
    database_storage_usage_history dynamic_table_graph_history dynamic_table_refresh_history dynamic_tables
    external_functions_history external_table_file_registration_history external_table_files flatten generator
    get_object_references infer_schema login_history login_history_by_user materialized_view_refresh_history
    notification_history pipe_usage_history policy_references query_acceleration_history query_history
    query_history_by_session query_history_by_user query_history_by_warehouse replication_group_refresh_history
    replication_usage_history rest_event_history result_scan search_optimization_history serverless_task_history
    split_to_table stage_directory_file_registration_history stage_storage_usage_history strtok_split_to_table
    tag_references tag_references_all_columns tag_references_with_lineage task_dependents task_history validate
    validate_pipe_load warehouse_load_history warehouse_metering_history`,
  system: `
    system$abort_session system$abort_transaction system$add_event system$allowlist system$allowlist_privatelink
    system$behavior_change_bundle_status system$cancel_all_queries system$cancel_query system$clustering_depth
    system$clustering_information system$clustering_ratio system$current_user_task_name
    system$disable_behavior_change_bundle system$enable_behavior_change_bundle
    system$estimate_query_acceleration system$estimate_search_optimization_costs system$explain_json_to_text
    system$explain_plan_json system$get_predecessor_return_value system$get_tag system$get_tag_allowed_values
    system$get_tag_on_current_column system$get_tag_on_current_table system$get_task_graph_config
    system$last_change_commit_time system$log system$log_debug system$log_error system$log_fatal system$log_info
    system$log_trace system$log_warn system$pipe_force_resume system$pipe_status system$reference
    system$send_email system$set_return_value system$set_span_attributes system$stream_get_table_timestamp
    system$stream_has_data system$task_dependents_enable system$task_runtime_info system$typeof
    system$user_task_cancel_ongoing_executions system$wait system$whitelist system$whitelist_privatelink`,
};

/** Every built-in function name, lower-case. */
export const SNOWFLAKE_FUNCTIONS: ReadonlySet<string> = new Set(
  Object.values(BY_CATEGORY).flatMap((names) => names.trim().split(/\s+/)),
);

/**
 * The calls in `sql` of functions Snowflake does not have: unqualified calls whose name is neither
 * built in nor in `extra` (names the project defines itself, lower-case). Strings, comments and
 * `$$…$$` bodies are not looked into (run the body's own statements through it to check them).
 * Line and column are 1-based, in `sql`.
 */
export function unknownFunctions(sql: string, extra: ReadonlySet<string> = new Set()): FunctionCall[] {
  return functionCalls(sql).filter((call) => !SNOWFLAKE_FUNCTIONS.has(call.name) && !extra.has(call.name));
}

/** Snowflake's function for a DuckDB-only one a model may have been written with (for hints). */
const EQUIVALENTS: Readonly<Record<string, string>> = {
  bool_or: 'boolor_agg',
  bool_and: 'booland_agg',
  string_agg: 'listagg',
  group_concat: 'listagg',
  list: 'array_agg',
  arg_max: 'max_by',
  arg_min: 'min_by',
  quantile_cont: 'percentile_cont',
  quantile_disc: 'percentile_disc',
  approx_quantile: 'approx_percentile',
  date_diff: 'datediff',
  date_add: 'dateadd',
  date_sub: 'datediff',
  datepart: 'date_part',
  strftime: 'to_varchar',
  strptime: 'to_timestamp',
  epoch_ms: 'to_timestamp',
  make_date: 'date_from_parts',
  make_timestamp: 'timestamp_from_parts',
  today: 'current_date',
  now: 'current_timestamp',
  regexp_matches: 'regexp_like',
  regexp_full_match: 'regexp_like',
  regexp_extract: 'regexp_substr',
  string_split: 'split',
  str_split: 'split',
  starts_with: 'startswith',
  ends_with: 'endswith',
  suffix: 'endswith',
  list_value: 'array_construct',
  array_length: 'array_size',
  struct_pack: 'object_construct',
  unnest: 'flatten',
  range: 'generator',
  generate_series: 'array_generate_range',
  gen_random_uuid: 'uuid_string',
  uuid: 'uuid_string',
  if: 'iff',
  json_extract_string: 'json_extract_path_text',
  json_extract: 'get_path',
};

/** The Snowflake function to use instead of `name`, when it is a known DuckDB-only one. */
export function snowflakeEquivalent(name: string): string | undefined {
  return Object.hasOwn(EQUIVALENTS, name) ? EQUIVALENTS[name] : undefined;
}
