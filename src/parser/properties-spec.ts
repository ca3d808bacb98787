/**
 * What a YAML properties file declares, as read by properties.ts: node patches (descriptions, columns,
 * tests, config), sources, and the keys each mapping may hold.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import type { ColumnInfo } from '../core/nodes.js';
import type { RelationOrigin } from '../core/relation.js';
import type { UnitTestSpec } from '../core/unit-test-spec.js';
import type { Diagnostic, SourceLocation } from '../errors/diagnostic.js';

export interface TestSpec {
  readonly testName: string;
  readonly kwargs: Readonly<Record<string, ConfigValue>>;
  readonly columnName?: string;
  readonly config: NodeConfig;
  readonly location: SourceLocation;
}

export interface NodePatch {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly config: NodeConfig;
  readonly columns: readonly ColumnInfo[];
  readonly tests: readonly TestSpec[];
  readonly location: SourceLocation;
  /** Where its `config:` sets database, schema or alias (as `identifier`). */
  readonly origin: RelationOrigin;
}

/** Files a source loads from (`external:` on the source or a table; `{table}` stands for the table's name). */
export interface ExternalFiles {
  readonly location: string;
  readonly format: 'csv' | 'parquet' | 'json';
  readonly options: Readonly<Record<string, ConfigValue>>;
  readonly storageIntegration?: string;
}

export interface SourceSpec extends NodePatch {
  readonly external?: ExternalFiles;
  readonly sourceName: string;
  readonly schema: string;
  readonly database?: string;
  readonly identifier: string;
  readonly loadedAtField?: string;
  readonly freshness?: Readonly<Record<string, ConfigValue>>;
  /** A stream on this table (change data capture): `stream: orders_changes` or `{ name, append_only }`. */
  readonly stream?: { readonly name: string; readonly appendOnly: boolean };
}

export interface Properties {
  readonly models: NodePatch[];
  readonly seeds: NodePatch[];
  readonly sources: SourceSpec[];
  readonly unitTests: UnitTestSpec[];
  readonly diagnostics: Diagnostic[];
}

export const TOP_KEYS = ['version', 'models', 'seeds', 'sources', 'snapshots', 'unit_tests'];
export const NODE_KEYS = [
  'name',
  'description',
  'config',
  'columns',
  'tests',
  'data_tests',
  'meta',
  'docs',
  'unit_tests',
];
export const COLUMN_KEYS = [
  'name',
  'description',
  'data_type',
  'tests',
  'data_tests',
  'meta',
  'constraints',
  'quote',
];
export const SOURCE_KEYS = [
  'name',
  'description',
  'schema',
  'database',
  'loader',
  'loaded_at_field',
  'freshness',
  'tables',
  'meta',
  'tags',
  'config',
  'external',
];
export const TABLE_KEYS = [
  'name',
  'identifier',
  'description',
  'columns',
  'tests',
  'data_tests',
  'loaded_at_field',
  'freshness',
  'meta',
  'config',
  'external',
  'stream',
];
