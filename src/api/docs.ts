/**
 * `forge docs generate`: parse, read the catalog (columns and types of every relation) from the
 * warehouse when it can be opened, gather the last run and the ML artifacts, write the static site.
 */
import { isModelOf } from '../core/materialization.js';
import { access } from 'node:fs/promises';
import { withConnection } from '../adapters/open-warehouse.js';
import type { Column, Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import { isRelationNode } from '../core/nodes.js';
import { docsData, type DocsData } from '../docs/docs-data.js';
import { writeDocsSite } from '../docs/site.js';
import { writeCatalogJson } from '../docs/catalog-json.js';
import { hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import type { EventSink } from '../report/events.js';
import { parse, type ForgeOptions } from './forge.js';

/** Columns and types of every built relation; empty (with a note) when the warehouse is busy or absent. */
async function readCatalog(
  manifest: Manifest,
  events: EventSink,
  shared?: Warehouse,
): Promise<Map<NodeId, Column[]>> {
  const catalog = new Map<NodeId, Column[]>();
  if (!shared && !(await warehouseExists(manifest))) {
    // opening it would create an empty warehouse file as a side effect of writing docs
    events({ type: 'info', message: 'docs: no warehouse yet (nothing built); columns come from YAML only' });
    return catalog;
  }
  try {
    await withConnection(
      manifest.target,
      async (connection) => {
        for (const node of manifest.nodes.values()) {
          if (!isRelationNode(node) || isModelOf(node, 'ephemeral')) continue;
          const state = await connection.describe(node.relation).catch(() => undefined);
          if (state) catalog.set(node.id, [...state.columns]);
        }
      },
      { shared },
    );
  } catch (error) {
    events({
      type: 'info',
      message: `docs: no catalog (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); columns come from YAML only`,
    });
  }
  return catalog;
}

/** False only for a DuckDB target whose file is not there yet (Snowflake is always asked). */
async function warehouseExists(manifest: Manifest): Promise<boolean> {
  const { target } = manifest;
  if (target.type !== 'duckdb' || !target.path || target.path === ':memory:') return true;
  return access(target.path).then(
    () => true,
    () => false,
  );
}

export async function buildDocsData(
  options: ForgeOptions,
  events: EventSink,
  shared?: Warehouse,
): Promise<{
  data?: DocsData;
  manifest?: Manifest;
  catalog?: Map<NodeId, Column[]>;
  diagnostics: readonly Diagnostic[];
}> {
  const parsed = await parse(options, events);
  if (!parsed.manifest || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const catalog = await readCatalog(parsed.manifest, events, shared);
  return {
    data: docsData(parsed.manifest, catalog, (options.now?.() ?? new Date()).toISOString()),
    manifest: parsed.manifest,
    catalog,
    diagnostics: parsed.diagnostics,
  };
}

/** The site (target/docs/index.html) and, as dbt's docs generate does, target/catalog.json. */
export async function generateDocs(
  options: ForgeOptions,
  events: EventSink,
): Promise<{ file?: string; diagnostics: readonly Diagnostic[] }> {
  const { data, manifest, catalog, diagnostics } = await buildDocsData(options, events);
  if (!data || !manifest || !catalog) return { diagnostics };
  events({ type: 'artifact', path: await writeCatalogJson(manifest, catalog, data.generatedAt) });
  return { file: await writeDocsSite(manifest.projectDir, data), diagnostics };
}
