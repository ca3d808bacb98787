/**
 * Where a node's relation lives. The schema rule, in one place:
 *  - no custom schema (`+schema`/`schema=`)  → the target's schema (`main` on DuckDB);
 *  - target `schema_naming: plain` (DuckDB's default) → the custom schema as written: `gold`;
 *  - target `schema_naming: prefixed` (Snowflake's default) → `<target schema>_<custom>`:
 *    `DBT_ALICE_GOLD`, so two developers sharing a database never collide.
 * A user macro `generate_schema_name custom_schema node_name` overrides the rule.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import { configString } from '../core/config.js';
import type { Relation, RelationOrigin } from '../core/relation.js';
import type { SourceLocation } from '../errors/diagnostic.js';
import { folderConfigLocation, type FolderConfig } from '../project/folder-config.js';
import type { Target } from '../project/targets.js';
import type { MacroDefinition } from '../template/macros.js';
import { renderTemplate } from '../template/render.js';

export interface NamingContext {
  readonly target: Target;
  readonly macros: ReadonlyMap<string, MacroDefinition>;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function schemaFor(ctx: NamingContext, customSchema: string | undefined, nodeName: string): string {
  const override = ctx.macros.get('generate_schema_name');
  if (override) return renderOverride(ctx, override, customSchema, nodeName);
  if (customSchema === undefined || customSchema === '') return ctx.target.schema;
  return ctx.target.schemaNaming === 'plain' ? customSchema : `${ctx.target.schema}_${customSchema}`;
}

function renderOverride(
  ctx: NamingContext,
  macro: MacroDefinition,
  customSchema: string | undefined,
  nodeName: string,
): string {
  const locals = { custom_schema: customSchema ?? null, node_name: nodeName };
  return renderTemplate(macro.body, {
    file: macro.file,
    adapter: ctx.target.type,
    target: {
      name: ctx.target.name,
      type: ctx.target.type,
      schema: ctx.target.schema,
      database: ctx.target.database,
    },
    vars: ctx.vars,
    env: ctx.env,
    macros: ctx.macros,
    resolveRef: () => '',
    resolveSource: () => '',
    isIncremental: false,
    modelName: nodeName,
    scope: locals,
  }).trim();
}

export function relationFor(ctx: NamingContext, config: NodeConfig, name: string): Relation {
  return {
    database: configString(config, 'database') ?? ctx.target.database,
    schema: schemaFor(ctx, configString(config, 'schema'), name),
    identifier: configString(config, 'alias') ?? name,
  };
}

/** Where a relation's parts were set, one layer per config source (later layers win, as in config precedence). */
interface OriginLayers {
  readonly folders?: { readonly tree: FolderConfig; readonly path: readonly string[] };
  readonly patch?: RelationOrigin;
  /** The node's own `{{config …}}` call. */
  readonly call?: { readonly config: NodeConfig; readonly location?: SourceLocation };
}

const CONFIG_KEY: Readonly<Record<keyof Relation, string>> = {
  database: 'database',
  schema: 'schema',
  identifier: 'alias',
};

export function relationOriginFor(ctx: NamingContext, layers: OriginLayers): RelationOrigin {
  const origin: Partial<Record<keyof Relation, SourceLocation>> = {};
  const { folders, patch, call } = layers;
  for (const [part, key] of Object.entries(CONFIG_KEY) as [keyof Relation, string][]) {
    const fromCall = call && call.location && call.config[key] !== undefined ? call.location : undefined;
    const found =
      fromCall ?? patch?.[part] ?? (folders && folderConfigLocation(folders.tree, folders.path, key));
    if (found) origin[part] = found;
  }
  // the macro's output is the schema (configs are checked before it sees them): point at the macro
  const override = ctx.macros.get('generate_schema_name');
  if (override) origin.schema = override.location;
  return origin;
}

/** The database a target never writes into SQL (DuckDB's own file: relations there are `schema.identifier`), if any. */
export function unwrittenDatabase(target: Target): string | undefined {
  return target.type === 'duckdb' ? target.database : undefined;
}
