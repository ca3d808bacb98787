/**
 * dbt-style per-folder config in project.yml:
 *
 *   models:
 *     +materialized: view        # every model
 *     gold:
 *       +schema: gold            # models under models/gold/
 *       marts: { +tags: [mart] } # models under models/gold/marts/
 *
 * Keys starting with `+` are configs; other keys are sub-folders. A first level named after the
 * project is skipped, as in dbt.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import { mergeConfigs } from '../core/config.js';
import { isConfigKey, normalizeConfig } from './config-keys.js';
import { isPlainObject, type YamlValidator } from './validate.js';
import type { YamlPath } from './yaml-file.js';
import type { SourceLocation } from '../errors/diagnostic.js';

export interface FolderConfig {
  readonly config: NodeConfig;
  readonly children: ReadonlyMap<string, FolderConfig>;
  /** Where each `+key` of this folder was written (its value), so a later error can point at it. */
  readonly at?: ReadonlyMap<string, SourceLocation>;
}

export const EMPTY_FOLDER_CONFIG: FolderConfig = { config: {}, children: new Map() };

export function parseFolderConfig(
  value: unknown,
  path: YamlPath,
  projectName: string,
  v: YamlValidator,
): FolderConfig {
  const object = v.object(value, path, `"${path.join('.')}"`);
  if (object === undefined) return EMPTY_FOLDER_CONFIG;
  const raw: Record<string, ConfigValue> = {};
  const children = new Map<string, FolderConfig>();
  const at = new Map<string, SourceLocation>();
  for (const [key, child] of Object.entries(object)) {
    if (key.startsWith('+')) {
      raw[key.slice(1)] = child as ConfigValue;
      at.set(key.slice(1), v.yaml.locate([...path, key], true));
    } else if (isPlainObject(child)) {
      children.set(key, parseFolderConfig(child, [...path, key], projectName, v));
    } else if (isConfigKey(key)) {
      v.error(
        [...path, key],
        `config "${key}" needs a "+" prefix in project.yml`,
        `write "+${key}: …"`,
        true,
      );
    } else {
      v.error([...path, key], `"${key}" must be a folder (a mapping) or a "+config"`, undefined, true);
    }
  }
  const { config, problems } = normalizeConfig(raw);
  for (const p of problems) {
    const at = [...path, `+${p.key}`];
    if (p.severity === 'error') v.error(at, p.message, p.hint, true, p.code);
    else v.warn(at, p.message, p.hint);
  }
  const projectLevel = children.get(projectName);
  if (path.length === 1 && projectLevel !== undefined) {
    children.delete(projectName);
    return mergeFolder({ config, children, at }, projectLevel);
  }
  return { config, children, at };
}

function mergeFolder(outer: FolderConfig, inner: FolderConfig): FolderConfig {
  const children = new Map(outer.children);
  for (const [name, child] of inner.children) {
    const existing = children.get(name);
    children.set(name, existing ? mergeFolder(existing, child) : child);
  }
  return {
    config: mergeConfigs(outer.config, inner.config),
    children,
    at: new Map([...(outer.at ?? []), ...(inner.at ?? [])]),
  };
}

/** The merged folder config for a file in `folders` (relative to its resource root). */
export function configForFolders(tree: FolderConfig, folders: readonly string[]): NodeConfig {
  const layers: NodeConfig[] = [tree.config];
  let current: FolderConfig | undefined = tree;
  for (const folder of folders) {
    current = current?.children.get(folder);
    if (current === undefined) break;
    layers.push(current.config);
  }
  return mergeConfigs(...layers);
}

/** Where the folder config that applies to a file in `folders` sets `key` (the deepest folder wins), if it does. */
export function folderConfigLocation(
  tree: FolderConfig,
  folders: readonly string[],
  key: string,
): SourceLocation | undefined {
  let found = tree.at?.get(key);
  let current: FolderConfig | undefined = tree;
  for (const folder of folders) {
    current = current?.children.get(folder);
    if (current === undefined) break;
    found = current.at?.get(key) ?? found;
  }
  return found;
}
