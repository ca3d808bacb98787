import type { NodeConfig, ConfigValue } from './config.js';
import type { NodeId, ResourceType } from './ids.js';
import type { Materialization } from './materialization.js';
import type { Relation, RelationOrigin } from './relation.js';
import type { SourceLocation } from '../errors/diagnostic.js';
import type { MlSpec } from './ml-spec.js';
import type { UnitTestSpec } from './unit-test-spec.js';

/** A `{{ref "name"}}` found in a template. */
export interface RefCall {
  readonly name: string;
  readonly location: SourceLocation;
}

/** A `{{source "raw" "orders"}}` found in a template. */
export interface SourceCall {
  readonly source: string;
  readonly table: string;
  readonly location: SourceLocation;
}

/** What static extraction read from a template without rendering it. */
export interface TemplateFacts {
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  /** The model's own `config` call, merged in call order. */
  readonly config: NodeConfig;
  readonly configLocation?: SourceLocation;
  /** Macros the template calls (user and built-in), by name. */
  readonly macros: readonly string[];
  readonly vars: readonly string[];
  readonly envVars: readonly string[];
}

export interface ColumnInfo {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  readonly meta: Readonly<Record<string, ConfigValue>>;
}

interface NodeBase {
  readonly id: NodeId;
  readonly name: string;
  /** dbt fully qualified name: project, folders, name. */
  readonly fqn: readonly string[];
  /** Path relative to the project directory. */
  readonly file: string;
  readonly config: NodeConfig;
  readonly description: string;
  readonly columns: readonly ColumnInfo[];
  readonly checksum: string;
  /** Where the YAML properties of this node were declared, if any. */
  readonly patchFile?: string;
  readonly patchLocation?: SourceLocation;
}

/** Nodes that are built into a relation of their own. */
interface RelationNode extends NodeBase {
  readonly relation: Relation;
  /** Where its database, schema and identifier were set, for errors about them (absent: the target's defaults). */
  readonly relationOrigin?: RelationOrigin;
}

export interface ModelNode extends RelationNode {
  readonly resourceType: 'model';
  /** How it is built, decoded from its config at parse time (parser/decode-materialization.ts). */
  readonly materialization: Materialization;
  readonly rawCode: string;
  readonly facts: TemplateFacts;
  readonly dependsOn: readonly NodeId[];
}

export interface SeedNode extends RelationNode {
  readonly resourceType: 'seed';
  /** The CSV's header: the seed's columns, known at parse time. */
  readonly csvHeader: readonly string[];
}

export interface SourceNode extends RelationNode {
  readonly resourceType: 'source';
  readonly sourceName: string;
  readonly tableName: string;
  readonly loadedAtField?: string;
  readonly freshness?: Readonly<Record<string, ConfigValue>>;
  readonly location: SourceLocation;
  /** A stream on another source table (change data capture; see execute/load-source.ts). */
  readonly streamOf?: { readonly source: NodeId; readonly appendOnly: boolean };
  /** Files this source loads into its table on build (see execute/load-source.ts). */
  readonly external?: {
    /** A path glob on this machine, or a cloud URL (s3://, azure://, gcs://) read through an external stage. */
    readonly location: string;
    readonly format: 'csv' | 'parquet' | 'json';
    readonly options: Readonly<Record<string, ConfigValue>>;
    /** The Snowflake storage integration an external stage on a cloud URL uses. */
    readonly storageIntegration?: string;
  };
}

/** Cloud locations load through an external stage (Snowflake), not from this machine. */
export function isCloudLocation(location: string): boolean {
  return /^(s3|s3compat|azure|gcs):\/\//i.test(location);
}

export interface TestNode extends NodeBase {
  readonly resourceType: 'test';
  /** generic (declared in YAML) or singular (a `*.test.sql` file). */
  readonly testKind: 'generic' | 'singular';
  readonly testName: string;
  readonly kwargs: Readonly<Record<string, ConfigValue>>;
  /** The node a generic test is declared on. */
  readonly attachedTo?: NodeId;
  readonly columnName?: string;
  readonly rawCode: string;
  readonly facts: TemplateFacts;
  readonly dependsOn: readonly NodeId[];
  readonly location: SourceLocation;
  /** Where `store_failures` keeps the failing rows (schema `test_audit` by the schema rule). */
  readonly auditRelation: Relation;
}

/**
 * A model trained, evaluated, registered and deployed as UDFs (ml/*.yml). Its relation is a view of
 * its versions in the registry; models reach its UDFs through `{{predict "name"}}`, a graph edge.
 */
export interface MlNode extends RelationNode {
  readonly resourceType: 'ml';
  readonly spec: MlSpec;
  readonly facts: TemplateFacts;
  readonly dependsOn: readonly NodeId[];
  readonly location: SourceLocation;
}

/**
 * A unit test of a model (parser/unit-test-spec.ts): runs the model's SQL on given rows in an
 * in-memory DuckDB. It reads nothing built, so it has no graph parents: a build runs it first and
 * holds its model back until it passes.
 */
export interface UnitTestNode extends NodeBase {
  readonly resourceType: 'unit_test';
  readonly spec: UnitTestSpec;
  /** The model under test. */
  readonly attachedTo: NodeId;
  /** The nodes its `given` inputs stand for, by input text (`ref('x')` → its id). */
  readonly inputs: Readonly<Record<string, NodeId>>;
  readonly location: SourceLocation;
}

export type ForgeNode = ModelNode | SeedNode | SourceNode | TestNode | MlNode | UnitTestNode;

/** Resource types whose nodes are materialized as relations (what `ref` can point at). */
export const REFERABLE: ReadonlySet<ResourceType> = new Set(['model', 'seed', 'snapshot', 'ml']);

export function isRelationNode(node: ForgeNode): node is ModelNode | SeedNode | SourceNode | MlNode {
  return node.resourceType !== 'test' && node.resourceType !== 'unit_test';
}

export function dependenciesOf(node: ForgeNode): readonly NodeId[] {
  if (node.resourceType === 'source') return node.streamOf ? [node.streamOf.source] : [];
  return node.resourceType === 'model' || node.resourceType === 'test' || node.resourceType === 'ml'
    ? node.dependsOn
    : [];
}
