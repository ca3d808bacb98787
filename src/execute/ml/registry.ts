/**
 * The model registry: immutable version rows in `<ml schema>.forge_model_registry` and a `default`
 * alias per model in `forge_model_aliases`, mirroring Snowflake's Model Registry concepts (a model
 * trained outside Python cannot enter Snowflake's own). The ML node's relation is a view of its rows.
 */
import type { Connection, Dialect } from '../../adapters/adapter.js';
import type { MlNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import type { ModelArtifact } from '../../ml/learn/artifact.js';
import { sqlString } from '../../core/sql-string.js';

/** Bumped whenever a learner or the artifact format changes: part of the retraining digest. */
export const CODE_VERSION = 'forge-ml/1.0';

export interface VersionRow {
  readonly version: number;
  readonly trainingDigest: string;
  readonly artifact: ModelArtifact;
  readonly metrics: unknown;
}

interface NewVersion {
  readonly artifact: ModelArtifact;
  readonly metrics: unknown;
  readonly params: unknown;
  readonly trainingDigest: string;
  readonly trainingRows: number;
  readonly createdAt: Date;
}

export class Registry {
  readonly table: Relation;
  readonly aliases: Relation;

  constructor(
    private readonly connection: Connection,
    private readonly dialect: Dialect,
    private readonly node: MlNode,
  ) {
    this.table = { ...node.relation, identifier: 'forge_model_registry' };
    this.aliases = { ...node.relation, identifier: 'forge_model_aliases' };
  }

  async ensure(): Promise<void> {
    await this.connection.execute(this.dialect.createSchema(this.node.relation));
    await this.connection.execute(
      `create table if not exists ${this.dialect.relation(this.table)} (name varchar, version integer, task varchar, ` +
        'algorithm varchar, artifact varchar, metrics varchar, params varchar, training_digest varchar, code_version varchar, training_rows bigint, created_at timestamp)',
    );
    await this.connection.execute(
      `create table if not exists ${this.dialect.relation(this.aliases)} (name varchar, alias varchar, version integer, updated_at timestamp)`,
    );
  }

  private async versions(where: string): Promise<VersionRow[]> {
    const result = await this.connection.query(
      `select version, training_digest, artifact, metrics from ${this.dialect.relation(this.table)} ` +
        `where name = ${sqlString(this.node.name)} and ${where} order by version`,
    );
    return result.rows.map((r) => ({
      version: Number(r['version']),
      trainingDigest: String(r['training_digest']),
      artifact: JSON.parse(String(r['artifact'])) as ModelArtifact,
      metrics: JSON.parse(String(r['metrics'])) as unknown,
    }));
  }

  async byDigest(digest: string): Promise<VersionRow | undefined> {
    return (await this.versions(`training_digest = ${sqlString(digest)}`)).at(-1);
  }

  async defaultVersion(): Promise<VersionRow | undefined> {
    return (
      await this.versions(
        `version = (select max(version) from ${this.dialect.relation(this.aliases)} where name = ${sqlString(this.node.name)} and alias = 'default')`,
      )
    ).at(-1);
  }

  async register(entry: NewVersion): Promise<number> {
    const next = await this.connection.query(
      `select coalesce(max(version), 0) + 1 as v from ${this.dialect.relation(this.table)} where name = ${sqlString(this.node.name)}`,
    );
    const version = Number(next.rows[0]?.['v'] ?? 1);
    await this.connection.execute(
      `insert into ${this.dialect.relation(this.table)} values (${sqlString(this.node.name)}, ${version}, ` +
        `${sqlString(entry.artifact.task)}, ${sqlString(entry.artifact.algorithm)}, ${sqlString(JSON.stringify(entry.artifact))}, ${sqlString(JSON.stringify(entry.metrics))}, ` +
        `${sqlString(JSON.stringify(entry.params))}, ${sqlString(entry.trainingDigest)}, ${sqlString(CODE_VERSION)}, ${entry.trainingRows}, ${this.dialect.timestamp(entry.createdAt)})`,
    );
    return version;
  }

  async setDefault(version: number, at: Date): Promise<void> {
    await this.connection.execute(
      `delete from ${this.dialect.relation(this.aliases)} where name = ${sqlString(this.node.name)} and alias = 'default'`,
    );
    await this.connection.execute(
      `insert into ${this.dialect.relation(this.aliases)} values (${sqlString(this.node.name)}, 'default', ${version}, ${this.dialect.timestamp(at)})`,
    );
  }

  /** The node's own relation: its versions, newest last, with the default flagged. */
  async createView(): Promise<void> {
    const sql =
      `select r.name, r.version, r.task, r.algorithm, r.metrics, r.params, r.training_digest, r.code_version, r.training_rows, r.created_at,\n` +
      `  coalesce(a.version = r.version, false) as is_default\nfrom ${this.dialect.relation(this.table)} r\n` +
      `left join ${this.dialect.relation(this.aliases)} a on a.name = r.name and a.alias = 'default'\nwhere r.name = ${sqlString(this.node.name)}`;
    await this.connection.execute(this.dialect.createView(this.node.relation, sql));
  }
}
