/**
 * `forge deploy --target prod --cron "<expr>"`: creates (idempotently) the selection's SQL graph as a
 * Snowflake task graph (deploy/task-graph.ts); `--drop` removes it; `--status` shows its history.
 * What tasks cannot run (file loads, training, snapshots…) is listed with the reason: run those with
 * `forge schedule`.
 */
import { withConnection } from '../adapters/open-warehouse.js';
import { dialectFor } from '../adapters/dialects.js';
import { runStatements } from '../execute/run-plan.js';
import type { Column, Connection, Dialect } from '../adapters/adapter.js';
import { createCompiler } from '../compile/compile.js';
import { configString } from '../core/config.js';
import type { NodeId } from '../core/ids.js';
import { dependenciesOf } from '../core/nodes.js';
import { reasonNotTask, taskBody } from '../deploy/task-bodies.js';
import {
  planDeploy,
  planDrop,
  readPredecessors,
  rootTaskName,
  taskPrefix,
  type DeployPlan,
  type ExistingTask,
} from '../deploy/task-graph.js';
import type { TaskSpec } from '../core/object-sql.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { buildOptions } from '../execute/model-sql.js';
import type { Manifest } from '../parser/manifest.js';
import type { EventSink } from '../report/events.js';
import type { QueryResult } from '../adapters/adapter.js';
import type { Relation } from '../core/relation.js';
import { parse, select, type ForgeOptions, type Selection } from './forge.js';

interface DeployRequest {
  readonly cron?: string;
  readonly drop?: boolean;
  readonly status?: boolean;
}

interface DeployOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly plan?: DeployPlan;
  readonly skipped?: readonly { readonly node: string; readonly reason: string }[];
  readonly history?: QueryResult;
  /** `--status`: the deployed graph as SHOW TASKS has it, each task with what is wrong with it (empty: fine). */
  readonly graph?: readonly {
    readonly name: string;
    readonly state: string;
    readonly after: string;
    readonly problem: string;
  }[];
}

/** What SHOW TASKS says is wrong with a deployed task: not running, or unlinked from the graph (a replaced predecessor). */
function taskProblem(task: ExistingTask, root: string, names: ReadonlySet<string>): string {
  if (task.name !== root && task.predecessors.length === 0)
    return 'unlinked: runs only by hand (forge deploy repairs it)';
  const missing = task.predecessors.filter((p) => !names.has(p));
  if (missing.length > 0) return `runs after ${missing.join(', ')}, which is gone`;
  return task.state.toLowerCase() === 'started'
    ? ''
    : `${task.state.toLowerCase()} (forge deploy enables it)`;
}

async function existingTasks(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  project: string,
): Promise<ExistingTask[]> {
  const sql = dialect.tasks;
  if (!sql) return [];
  const rows = (await connection.query(sql.show(schema, taskPrefix(project)))).rows;
  return rows.map((r) => ({
    name: String(r['name']).toUpperCase(),
    comment: String(r['comment'] ?? ''),
    state: String(r['state'] ?? ''),
    predecessors: readPredecessors(r['predecessors']),
  }));
}

/** An incremental task's column list comes from its query, which reads what a build made. */
async function describeColumns(
  connection: Connection,
  sql: string,
  name: string,
  target: string,
): Promise<Column[]> {
  try {
    return await connection.describeQuery(sql);
  } catch (error) {
    throw ForgeError.of(
      Codes.statementFailed,
      `cannot describe ${name}'s query for its task: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      `deploy after a build on the same target: forge build --target ${target}`,
    );
  }
}

/** The nearest deployed ancestors of a node (through nodes that are not tasks). */
function taskParents(manifest: Manifest, id: NodeId, deployed: ReadonlyMap<NodeId, string>): string[] {
  const out = new Set<string>();
  const seen = new Set<NodeId>();
  const visit = (current: NodeId): void => {
    const node = manifest.nodes.get(current);
    if (!node) return;
    for (const parent of dependenciesOf(node)) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const task = deployed.get(parent);
      if (task) out.add(task);
      else visit(parent);
    }
  };
  visit(id);
  return [...out].sort();
}

async function taskSpecs(
  manifest: Manifest,
  ids: readonly NodeId[],
  connection: Connection,
  dialect: Dialect,
  cron: string,
  warehouse: string,
): Promise<{ tasks: TaskSpec[]; skipped: { node: string; reason: string }[] }> {
  const project = manifest.project.name;
  const compiler = createCompiler(manifest);
  const deployed = new Map<NodeId, string>();
  const skipped: { node: string; reason: string }[] = [];
  const tasks: TaskSpec[] = [
    {
      name: rootTaskName(project),
      after: [],
      schedule: `USING CRON ${cron} UTC`,
      warehouse,
      body: 'select 1',
    },
  ];
  for (const id of ids) {
    const node = manifest.nodes.get(id);
    if (!node) continue;
    const reason = reasonNotTask(node);
    if (reason !== undefined || node.resourceType !== 'model') {
      if (reason) skipped.push({ node: node.name, reason });
      continue;
    }
    const name = `${taskPrefix(project)}${node.name.toUpperCase()}`;
    const fullSql = compiler.compile(id, false) ?? '';
    const incremental = node.materialization.kind === 'incremental' ? node.materialization.config : undefined;
    const columns = incremental
      ? await describeColumns(connection, fullSql, node.name, manifest.target.name)
      : [];
    const body = taskBody({
      dialect,
      node,
      fullSql,
      incrementalSql: incremental ? (compiler.compile(id, true) ?? '') : '',
      columns,
      options: buildOptions(node),
      ...(incremental ? { incremental } : {}),
    });
    const after = taskParents(manifest, id, deployed);
    deployed.set(id, name);
    const streams = dependenciesOf(node)
      .map((p) => manifest.nodes.get(p))
      .filter((p) => p?.resourceType === 'source' && p.streamOf !== undefined)
      .map((p) => `system$stream_has_data('${dialect.relation((p as { relation: Relation }).relation)}')`);
    tasks.push({
      name,
      after: after.length > 0 ? after : [rootTaskName(project)],
      warehouse: configString(node.config, 'snowflake_warehouse') ?? warehouse,
      body,
      ...(streams.length > 0 ? { when: streams.join(' or ') } : {}),
    });
  }
  return { tasks, skipped };
}

/**
 * The deploy's DDL. Resuming tasks needs the account-level EXECUTE TASK privilege besides ownership
 * of the tasks: without it the graph is created but cannot run, which is said plainly with the GRANT.
 */
async function runDeployStatements(
  connection: Connection,
  statements: readonly string[],
  role: string,
): Promise<void> {
  for (const sql of statements) {
    try {
      await connection.execute(sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // 003001 is Snowflake's access-control error; the wording is matched too (the code for EXECUTE TASK is not documented)
      if (
        (/\b003001\b/.test(message) || /insufficient privileges/i.test(message)) &&
        /task_dependents_enable|\bresume\b/i.test(sql)
      ) {
        throw ForgeError.of(
          Codes.privilegeMissing,
          `the task graph was created but cannot be started: role ${role} lacks the EXECUTE TASK privilege (${message})`,
          undefined,
          `an account administrator can grant it: grant execute task on account to role ${role}; then run forge deploy again (nothing else changes)`,
        );
      }
      throw error;
    }
  }
}

export async function deploy(
  options: ForgeOptions,
  selection: Selection,
  request: DeployRequest,
  events: EventSink,
): Promise<DeployOutcome> {
  const parsed = await parse(options, events);
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics))
    return { diagnostics: parsed.diagnostics };
  const { manifest } = parsed;
  const { target } = manifest;
  // task graphs are a dialect capability (Snowflake's TASK objects)
  if (!dialectFor(target).tasks) {
    return {
      diagnostics: [
        diagnostic(
          Codes.capability,
          `forge deploy creates Snowflake tasks; target "${target.name}" is ${target.type}`,
          undefined,
          'deploy with --target <a Snowflake target>; on DuckDB run the pipeline on a schedule with forge schedule',
        ),
      ],
    };
  }
  if (!request.drop && !request.status && !request.cron)
    return {
      diagnostics: [
        diagnostic(
          Codes.usage,
          'forge deploy needs --cron "<expression>" for the root task',
          undefined,
          'e.g. --cron "0 6 * * *"',
        ),
      ],
    };
  const chosen = select(manifest, parsed.dag, selection);
  if (hasErrors(chosen.diagnostics)) return { diagnostics: chosen.diagnostics };
  return withConnection(target, async (connection, warehouse) => {
    const dialect = warehouse.dialect;
    const schema = `${target.database}.${target.schema}`;
    if (!dialect.tasks)
      return { diagnostics: [diagnostic(Codes.capability, `${dialect.type} has no tasks`)] };
    const existing = await existingTasks(connection, dialect, schema, manifest.project.name);
    if (request.status) {
      const names = new Set(existing.map((t) => t.name));
      const root = rootTaskName(manifest.project.name);
      const graph = existing.map((t) => ({
        name: t.name,
        state: t.state,
        after: t.predecessors.join(', '),
        problem: taskProblem(t, root, names),
      }));
      return {
        diagnostics: [],
        graph,
        history: await connection.query(dialect.tasks.history(schema, taskPrefix(manifest.project.name), 50)),
      };
    }
    if (request.drop) {
      const statements = planDrop(dialect.tasks, schema, manifest.project.name, existing);
      await runStatements(connection, statements);
      return {
        diagnostics: [],
        plan: { statements, created: [], dropped: existing.map((t) => t.name), unchanged: [] },
      };
    }
    const { tasks, skipped } = await taskSpecs(
      manifest,
      chosen.ids,
      connection,
      dialect,
      request.cron ?? '',
      String(target.settings['warehouse'] ?? ''),
    );
    const plan = planDeploy(dialect.tasks, schema, manifest.project.name, tasks, existing);
    await connection.execute(
      dialect.createSchema({ database: target.database, schema: target.schema, identifier: '' }),
    );
    await runDeployStatements(connection, plan.statements, String(target.settings['role'] ?? '<role>'));
    return { diagnostics: [], plan, skipped };
  });
}
