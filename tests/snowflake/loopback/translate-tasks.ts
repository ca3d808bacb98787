/**
 * Task DDL on the loopback: tasks kept in memory.main.loopback_tasks, CREATE TASK checked for its
 * documented clause order, replacing or dropping a task unlinking its children, resuming gated by
 * EXECUTE TASK, EXECUTE TASK handed to the server (engine.ts runs the body).
 */
import {
  ddl,
  fq,
  insufficient,
  NAME,
  SnowflakeSqlError,
  STATEMENT_TYPES,
  type Rule,
} from './translate-types.js';

const taskKey = (db: string | undefined, schema: string | undefined, name: string | undefined): string =>
  `lower(database_name) = lower('${db ?? ''}') and lower(schema_name) = lower('${schema ?? ''}') and lower(name) = lower('${name ?? ''}')`;

/** Replacing or dropping a task turns its children into suspended standalone tasks (Snowflake unlinks them). */
const orphanChildren = (task: string): string[] => [
  `update memory.main.loopback_tasks set predecessors = list_filter(predecessors, p -> p <> '${task.toUpperCase()}'), state = 'suspended'
  where list_contains(predecessors, '${task.toUpperCase()}')`,
];

/** SYSTEM$TASK_DEPENDENTS_ENABLE: resumes the root and every task reachable from it through predecessor links. */
const enableGraph = (
  db: string,
  schema: string,
  root: string,
): string => `update memory.main.loopback_tasks set state = 'started'
  where lower(database_name) = lower('${db}') and lower(schema_name) = lower('${schema}') and upper(name) in (
    with recursive graph(name) as (select '${root.toUpperCase()}' union select upper(t.name) from memory.main.loopback_tasks t, graph g
      where list_contains(t.predecessors, upper('${db}.${schema}.') || g.name)) select name from graph)`;

export const TASK_RULES: readonly Rule[] = [
  // tasks: kept in the loopback's catalog, in CREATE TASK's documented clause order; EXECUTE TASK runs a body (scripting.ts)
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+task\\s+${NAME}\\s+warehouse\\s*=\\s*([a-z0-9_$]+)(?:\\s+schedule\\s*=\\s*'([^']*)')?(?:\\s+timezone\\s*=\\s*'([^']*)')?(?:\\s+comment\\s*=\\s*'([^']*)')?(?:\\s+after\\s+([a-z0-9_$., ]+?))?(?:\\s+when\\s+([\\s\\S]+?))?\\s+as\\b([\\s\\S]*)$`,
      'i',
    ),
    (m) => {
      const [db, schema, name, warehouse, schedule, timezone, comment, after, when, body] = m
        .slice(1)
        .map((x) => x ?? '');
      // COMMENT comes before AFTER and WHEN (CREATE TASK's documented order): a comment after them is a syntax error
      if (/\bcomment\s*=/i.test(when ?? ''))
        throw new SnowflakeSqlError(
          '001003',
          '42000',
          "SQL compilation error:\nsyntax error: unexpected 'comment' after WHEN (CREATE TASK takes COMMENT before AFTER and WHEN)",
        );
      const q = (v: string | undefined): string => `'${(v ?? '').replace(/'/g, "''")}'`;
      const predecessors = (after ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
        .map((a) => q(a.toUpperCase()));
      return ddl(
        ...orphanChildren(`${db}.${schema}.${name}`),
        `delete from memory.main.loopback_tasks where ${taskKey(db, schema, name)}`,
        `insert into memory.main.loopback_tasks values (${[db, schema, (name ?? '').toUpperCase(), (warehouse ?? '').toUpperCase(), schedule].map(q).join(', ')}, ` +
          `[${predecessors.join(', ')}]::varchar[], ${[when, comment, 'suspended', body, timezone].map(q).join(', ')})`,
      );
    },
  ],
  [
    new RegExp(`^\\s*drop\\s+task\\s+if\\s+exists\\s+${NAME}\\s*$`, 'i'),
    (m) =>
      ddl(
        ...orphanChildren(fq(m, 1)),
        `delete from memory.main.loopback_tasks where ${taskKey(m[1], m[2], m[3])}`,
      ),
  ],
  [
    new RegExp(`^\\s*alter\\s+task\\s+if\\s+exists\\s+${NAME}\\s+(suspend|resume)\\s*$`, 'i'),
    (m, _sql, ctx) => {
      const resume = (m[4] ?? '').toLowerCase() === 'resume';
      if (resume && ctx.executeTask === false) throw insufficient(`task '${m[3]}'`);
      return ddl(
        `update memory.main.loopback_tasks set state = '${resume ? 'started' : 'suspended'}' where ${taskKey(m[1], m[2], m[3])}`,
      );
    },
  ],
  [
    /^\s*select\s+system\$task_dependents_enable\s*\(\s*'([a-z0-9_$]+)\.([a-z0-9_$]+)\.([a-z0-9_$]+)'\s*\)\s*$/i,
    (m, _sql, ctx) => {
      if (ctx.executeTask === false) throw insufficient(`task '${m[3]}'`);
      return {
        kind: 'duckdb',
        statementType: STATEMENT_TYPES.select,
        statements: [
          enableGraph(m[1] ?? '', m[2] ?? '', m[3] ?? ''),
          "select 'Statement executed successfully.' as status",
        ],
      };
    },
  ],
  [
    new RegExp(`^\\s*execute\\s+task\\s+${NAME}\\s*$`, 'i'),
    (m, _sql, ctx) => {
      if (ctx.executeTask === false) throw insufficient(`task '${m[3]}'`);
      return { kind: 'execute-task', task: fq(m, 1) };
    },
  ],
  [
    /^\s*show\s+tasks\s+like\s+'([^']*)'\s+in\s+schema\s+([a-z0-9_$]+)\.([a-z0-9_$]+)\s*$/i,
    (m) => ({
      kind: 'duckdb',
      statementType: STATEMENT_TYPES.select,
      statements: [
        `select name, comment, state, warehouse, schedule, to_json(predecessors)::varchar as predecessors, condition, definition, database_name, schema_name from memory.main.loopback_tasks
      where lower(database_name) = lower('${m[2]}') and lower(schema_name) = lower('${m[3]}') and lower(name) like lower('${m[1]}') order by name`,
      ],
    }),
  ],
];
