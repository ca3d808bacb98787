{{!-- Reusable e-commerce expressions. Call them like helpers: {{margin_pct "revenue" "cost"}}. --}}
{{#macro "margin_pct" revenue cost}}
  case when {{revenue}} = 0 then null else round(({{revenue}} - {{cost}}) / {{revenue}} * 100, 2) end
{{/macro}}

{{#macro "clean_text" column}}
  nullif(trim({{column}}), '')
{{/macro}}
