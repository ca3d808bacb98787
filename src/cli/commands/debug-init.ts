/** `forge debug`: the project, the target (secrets masked) and the connection. */
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { loadProject } from '../../api/load-project.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../../errors/diagnostic.js';
import { maskedSettings, type Target } from '../../project/targets.js';
import { withConnection } from '../../adapters/open-warehouse.js';
import { authMethod, describeAuth } from '../../adapters/snowflake/snowflake-auth.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function debugCommand(ctx: CommandContext): Promise<number> {
  const { loaded, diagnostics } = await loadProject(optionsFrom(ctx.args));
  report(ctx, diagnostics);
  if (!loaded) return 1;
  const { project, target } = loaded;
  const connection = await connectionStatus(target);
  const lines = [
    `project     ${project.name} (${loaded.projectDir}/project.yml)`,
    `target      ${target.name} (${target.type}), threads ${target.threads}`,
    `database    ${target.database}    default schema ${target.schema}    schema naming ${target.schemaNaming}`,
    `settings    ${JSON.stringify(maskedSettings(target))}`,
    ...(target.type === 'snowflake' ? [`auth        ${authStatus(target)}`] : []),
    `connection  ${connection.ok ? 'OK' : 'FAILED'}: ${connection.text}`,
  ];
  for (const line of lines) ctx.output.out(line);
  if (connection.ok) return 0;
  report(
    ctx,
    connection.problems ?? [
      diagnostic(
        Codes.warehouseOpen,
        `cannot connect to target "${target.name}": ${connection.text.split('\n')[0] ?? ''}`,
        undefined,
        target.type === 'snowflake'
          ? 'check the account, user and credentials above (secrets are masked) and that the network reaches Snowflake'
          : "check the target's path: its folder must exist (or be creatable) and be writable",
      ),
    ],
  );
  return 1;
}

/** The Snowflake login method and the keys it reads (never their values), or why the target has none. */
function authStatus(target: Target): string {
  try {
    return describeAuth(authMethod(target));
  } catch (error) {
    return `none: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Whether the target can be reached; a failure Forge already coded (e.g. a missing account) keeps its diagnostics. */
async function connectionStatus(
  target: Target,
): Promise<{ ok: boolean; text: string; problems?: readonly Diagnostic[] }> {
  if (target.type === 'snowflake') {
    try {
      const row = await withConnection(
        target,
        async (c) =>
          (
            await c.query(
              'select current_version() as version, current_role() as role, current_warehouse() as warehouse',
            )
          ).rows[0] ?? {},
      );
      return {
        ok: true,
        text: `logged in (Snowflake ${String(row['version'] ?? '?')}, role ${String(row['role'] ?? '?')}, warehouse ${String(row['warehouse'] ?? '?')})`,
      };
    } catch (error) {
      if (error instanceof ForgeError)
        return {
          ok: false,
          text: error.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '),
          problems: error.diagnostics,
        };
      return { ok: false, text: error instanceof Error ? error.message : String(error) };
    }
  }
  if (!target.path) return { ok: false, text: 'the target has no path' };
  if (await accessible(target.path)) return { ok: true, text: `${target.path} exists and is writable` };
  if (await exists(target.path))
    return { ok: false, text: `${target.path} exists but cannot be read and written` };
  const folder = await nearestExisting(path.dirname(target.path));
  if (await accessible(folder, true))
    return { ok: true, text: `${target.path} will be created on the first build` };
  return { ok: false, text: `${target.path} cannot be created: ${folder} is not a writable folder` };
}

async function accessible(file: string, folder = false): Promise<boolean> {
  const wanted = folder ? constants.W_OK | constants.X_OK : constants.R_OK | constants.W_OK;
  return access(file, wanted).then(
    async () => !folder || (await stat(file)).isDirectory(),
    () => false,
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The folder itself or its closest ancestor that exists (the build creates the rest). */
async function nearestExisting(folder: string): Promise<string> {
  let current = folder;
  while (!(await exists(current)) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
