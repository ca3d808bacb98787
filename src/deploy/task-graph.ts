/**
 * `forge deploy`: the project's SQL graph as a Snowflake task graph. Pure: from the models to deploy
 * (with their bodies) to task specs; from the specs and what exists (SHOW TASKS) to the statements.
 * A root task carries the CRON schedule; each model is a task AFTER the tasks of its parents (the
 * root when it has none), `WHEN SYSTEM$STREAM_HAS_DATA(…)` when a stream feeds it. Each task's comment
 * holds a checksum of its whole definition, so a second deploy with no change issues no DDL; a change
 * suspends the root, replaces what changed, drops what went away, and re-enables the graph.
 */
import { createHash } from 'node:crypto';
import type { TaskSpec, TaskSql } from '../core/object-sql.js';

export interface ExistingTask {
  readonly name: string;
  readonly comment: string;
  readonly state: string;
  /** Its predecessors as SHOW TASKS reports them now (unqualified, upper case): the real graph, not the comment's. */
  readonly predecessors: readonly string[];
}

/** SHOW TASKS' `predecessors` (a JSON array of qualified, maybe quoted names) as unqualified upper-case names. */
export function readPredecessors(value: unknown): string[] {
  let list: unknown;
  try {
    list = JSON.parse(String(value ?? '[]'));
  } catch {
    list = [];
  }
  return (Array.isArray(list) ? list : [])
    .map((p) => String(p).split('.').at(-1)?.replace(/"/g, '').toUpperCase() ?? '')
    .filter(Boolean);
}

/** `FORGE_<PROJECT>__`, or `<PROJECT>__` when the project's name already starts with forge. */
export const taskPrefix = (project: string): string =>
  `${/^forge(_|$)/i.test(project) ? '' : 'FORGE_'}${project.toUpperCase()}__`;
export const rootTaskName = (project: string): string => `${taskPrefix(project)}ROOT`;

export function taskComment(task: TaskSpec): string {
  const sha = createHash('sha256')
    .update(JSON.stringify([task.after, task.schedule ?? '', task.when ?? '', task.warehouse, task.body]))
    .digest('hex')
    .slice(0, 16);
  return `forge:sha=${sha}`;
}

/** Tasks in creation order: every task after the tasks it runs after. */
function orderTasks(tasks: readonly TaskSpec[]): TaskSpec[] {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TaskSpec[] = [];
  const visit = (task: TaskSpec): void => {
    if (done.has(task.name)) return;
    done.add(task.name);
    for (const parent of task.after) {
      const p = byName.get(parent);
      if (p) visit(p);
    }
    out.push(task);
  };
  tasks.forEach(visit);
  return out;
}

export interface DeployPlan {
  readonly statements: readonly string[];
  readonly created: readonly string[];
  readonly dropped: readonly string[];
  readonly unchanged: readonly string[];
}

/** Whether a deployed task is as specified: its definition (the comment's checksum) and its real predecessors. */
function upToDate(task: TaskSpec, found: ExistingTask | undefined): boolean {
  if (!found || found.comment !== taskComment(task)) return false;
  return (
    [...found.predecessors].sort().join(',') ===
    [...task.after]
      .map((a) => a.toUpperCase())
      .sort()
      .join(',')
  );
}

/**
 * Tasks to (re)create: those not as specified, and every task downstream of one — Snowflake unlinks
 * the children of a replaced or dropped task (they become suspended standalone tasks), so replacing
 * a task means replacing its subgraph.
 */
function tasksToCreate(
  tasks: readonly TaskSpec[],
  have: ReadonlyMap<string, ExistingTask>,
  gone: readonly string[],
): TaskSpec[] {
  const replaced = new Set([
    ...tasks.filter((t) => !upToDate(t, have.get(t.name))).map((t) => t.name),
    ...gone,
  ]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of tasks)
      if (!replaced.has(t.name) && t.after.some((a) => replaced.has(a))) {
        replaced.add(t.name);
        grew = true;
      }
  }
  return orderTasks(tasks).filter((t) => replaced.has(t.name));
}

export function planDeploy(
  sql: TaskSql,
  schema: string,
  project: string,
  tasks: readonly TaskSpec[],
  existing: readonly ExistingTask[],
): DeployPlan {
  const have = new Map(existing.map((t) => [t.name.toUpperCase(), t]));
  const wanted = new Set(tasks.map((t) => t.name));
  const gone = existing.map((t) => t.name.toUpperCase()).filter((n) => !wanted.has(n));
  const changed = tasksToCreate(tasks, have, gone);
  const unchanged = tasks.filter((t) => !changed.includes(t)).map((t) => t.name);
  // a graph as specified but not running (suspended by hand, or by a failed deploy) is enabled again
  const stopped = tasks.some((t) => (have.get(t.name)?.state ?? '').toLowerCase() !== 'started');
  if (changed.length === 0 && gone.length === 0 && !stopped)
    return { statements: [], created: [], dropped: [], unchanged };
  const root = rootTaskName(project);
  const statements = [
    ...(have.has(root) ? [sql.suspend(schema, root)] : []),
    ...gone.reverse().map((n) => sql.drop(schema, n)),
    ...changed.map((t) => sql.create(schema, t, taskComment(t))),
    ...(wanted.has(root) ? [sql.enableGraph(schema, root)] : []),
  ];
  return { statements, created: changed.map((t) => t.name), dropped: gone, unchanged };
}

export function planDrop(
  sql: TaskSql,
  schema: string,
  project: string,
  existing: readonly ExistingTask[],
): string[] {
  const root = rootTaskName(project);
  const names = existing.map((t) => t.name.toUpperCase());
  if (names.length === 0) return [];
  return [
    ...(names.includes(root) ? [sql.suspend(schema, root)] : []),
    ...names.filter((n) => n !== root).map((n) => sql.drop(schema, n)),
    ...(names.includes(root) ? [sql.drop(schema, root)] : []),
  ];
}
