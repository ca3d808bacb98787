/**
 * Node configuration: a flat record as dbt writes it in the manifest (`materialized`, `schema`,
 * `tags`, `unique_key`, …). Values come from project.yml folder config, YAML properties and the
 * model's own `config` call, merged in that order (later wins; `tags` accumulate).
 */
export type ConfigValue =
  string | number | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

export type NodeConfig = Readonly<Record<string, ConfigValue>>;

/** Keys whose values accumulate across levels instead of being replaced. */
const ACCUMULATING_KEYS = new Set(['tags', 'pre_hook', 'post_hook']);

/** Merges config layers, lowest precedence first. */
export function mergeConfigs(...layers: readonly NodeConfig[]): NodeConfig {
  const merged: Record<string, ConfigValue> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const before = merged[key];
      if (ACCUMULATING_KEYS.has(key) && before !== undefined) {
        merged[key] = unique([...asList(before), ...asList(value)]);
      } else {
        merged[key] = value;
      }
    }
  }
  return merged;
}

function unique(values: readonly ConfigValue[]): ConfigValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A config value as a list: arrays stay, a comma string is split, a scalar is wrapped. */
export function asList(value: ConfigValue | undefined): ConfigValue[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return [...(value as readonly ConfigValue[])];
  if (typeof value === 'string') return splitCommaList(value);
  return [value];
}

function splitCommaList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export function configString(config: NodeConfig, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' ? value : undefined;
}

export function configStrings(config: NodeConfig, key: string): string[] {
  return asList(config[key]).filter((v): v is string => typeof v === 'string');
}

export function configBoolean(config: NodeConfig, key: string, fallback: boolean): boolean {
  const value = config[key];
  return typeof value === 'boolean' ? value : fallback;
}
