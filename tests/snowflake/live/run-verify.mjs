#!/usr/bin/env node
/**
 * Runs verify.sql (issue 19's facts about Snowflake) on a real account, one statement at a time on one
 * session, and prints each check as PASS/FAIL. Opt-in: without FORGE_SF_ACCOUNT it refuses (exit 2).
 *
 *   FORGE_SF_ACCOUNT, FORGE_SF_USER, FORGE_SF_WAREHOUSE, FORGE_SF_DATABASE   required
 *   FORGE_SF_PRIVATE_KEY (PEM text) or FORGE_SF_PRIVATE_KEY_PATH            key pair (passphrase:
 *     FORGE_SF_PRIVATE_KEY_PASSPHRASE), or FORGE_SF_PASSWORD                 (single-factor password)
 *   FORGE_SF_ROLE                                                           optional (the user's default role)
 *
 * The same names as tests/snowflake/live.test.ts. The scratch schema FORGE_VERIFY_<random> is made in
 * FORGE_SF_DATABASE and dropped at the end — by the script's cleanup section, and again here whatever
 * happened (an error, Ctrl-C). Exit 0: every check passed; 1: a check failed; 2: not run.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorCode, fillPlaceholders, readChecks, splitScript } from './verify-lib.mjs';

const env = process.env;
/** Names that go into the SQL unquoted: plain identifiers only. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function refuse(message) {
  console.error(`run-verify: ${message}`);
  process.exitCode = 2;
}

/** The driver's sign-in options from the environment, or a reason it cannot sign in. */
function signIn() {
  const missing = ['FORGE_SF_USER', 'FORGE_SF_WAREHOUSE', 'FORGE_SF_DATABASE'].filter((name) => !env[name]);
  if (missing.length > 0) return { problem: `set ${missing.join(', ')}` };
  for (const name of ['FORGE_SF_WAREHOUSE', 'FORGE_SF_DATABASE']) {
    if (!PLAIN.test(env[name] ?? '')) return { problem: `${name} must be a plain identifier (letters, digits, _ and $), got "${env[name]}"` };
  }
  const passphrase = env.FORGE_SF_PRIVATE_KEY_PASSPHRASE ? { privateKeyPass: env.FORGE_SF_PRIVATE_KEY_PASSPHRASE } : {};
  // a PEM passed through a one-line variable often arrives with literal "\n"
  const pem = env.FORGE_SF_PRIVATE_KEY && !env.FORGE_SF_PRIVATE_KEY.includes('\n') ? env.FORGE_SF_PRIVATE_KEY.replace(/\\n/g, '\n') : env.FORGE_SF_PRIVATE_KEY;
  const credentials = pem ? { authenticator: 'SNOWFLAKE_JWT', privateKey: pem, ...passphrase }
    : env.FORGE_SF_PRIVATE_KEY_PATH ? { authenticator: 'SNOWFLAKE_JWT', privateKeyPath: env.FORGE_SF_PRIVATE_KEY_PATH, ...passphrase }
      : env.FORGE_SF_PASSWORD ? { authenticator: 'SNOWFLAKE', password: env.FORGE_SF_PASSWORD } : undefined;
  if (!credentials) return { problem: 'set FORGE_SF_PRIVATE_KEY, FORGE_SF_PRIVATE_KEY_PATH or FORGE_SF_PASSWORD' };
  return {
    options: {
      account: env.FORGE_SF_ACCOUNT, username: env.FORGE_SF_USER, ...credentials,
      ...(env.FORGE_SF_ROLE ? { role: env.FORGE_SF_ROLE } : {}), warehouse: env.FORGE_SF_WAREHOUSE, database: env.FORGE_SF_DATABASE,
      application: 'Forge',
    },
  };
}

/** snowflake-sdk as Forge loads it (src/adapters/snowflake/snowflake-connection.ts): no cloud probes, no connection telemetry, no log output. */
async function loadSdk() {
  env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE ??= '1';
  const module = await import('snowflake-sdk');
  const sdk = module.default ?? module;
  const quiet = () => undefined;
  sdk.configure({ logLevel: 'ERROR', customLogger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } });
  return sdk;
}

/** One session; `run` never rejects: it resolves with the rows or the driver's error. */
async function openSession(sdk, options) {
  const connection = sdk.createConnection(options);
  await new Promise((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  let running;
  return {
    run: (sqlText) => new Promise((resolve) => {
      running = connection.execute({ sqlText, complete: (error, _statement, rows) => { running = undefined; resolve(error ? { error } : { rows: rows ?? [] }); } });
    }),
    cancel: () => running?.cancel(() => undefined),
    close: () => new Promise((resolve) => connection.destroy(() => resolve())),
  };
}

const firstLine = (sql) => { const line = sql.split('\n')[0] ?? ''; return line.length > 90 ? `${line.slice(0, 87)}...` : line; };
const describeError = (error) => `Snowflake ${errorCode(error) ?? '(no code)'}: ${String(error?.message ?? error).replace(/\s+/g, ' ')}`;

/** Runs the statements in order, printing what each shows; returns the counts. */
async function runScript(session, split, interrupted) {
  const titles = new Map(split.sections.map((s) => [s.id, s.title]));
  const tally = { pass: 0, fail: 0, info: 0 };
  const report = (ok, text) => { tally[ok ? 'pass' : 'fail']++; console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`); };
  let section;
  let setupFailed = false;
  for (const statement of split.statements) {
    // after an interruption, or when the scratch schema could not be set up, only the cleanup runs
    if ((interrupted() || setupFailed) && statement.section !== 'cleanup') continue;
    if (statement.section !== section) { section = statement.section; console.log(`\n[${section}] ${titles.get(section) ?? ''}`); }
    const result = await session.run(statement.sql);
    const where = `line ${statement.line}: ${firstLine(statement.sql)}`;
    if (statement.expectError !== undefined) {
      const code = result.error ? errorCode(result.error) : undefined;
      report(code === statement.expectError, `expect error ${statement.expectError} — ${where}${result.error ? code === statement.expectError ? '' : ` — got ${describeError(result.error)}` : ' — it succeeded'}`);
      continue;
    }
    if (result.error) { report(false, `${where} — ${describeError(result.error)}`); setupFailed ||= statement.section === 'setup'; continue; }
    const checks = readChecks(result.rows);
    for (const check of checks) {
      if (check.kind === 'info') { tally.info++; console.log(`  INFO  ${check.name}: ${check.detail}`); } else report(check.ok, `${check.name}${check.detail ? ` — ${check.detail}` : ''}`);
    }
    if (checks.length === 0 && /\bas\s+(check_name|info)\b/i.test(statement.sql)) report(false, `${where} — returned no rows`);
  }
  return tally;
}

async function main() {
  if (!env.FORGE_SF_ACCOUNT) return refuse('FORGE_SF_ACCOUNT is not set: this runs verify.sql on a real Snowflake account (see README, "Tests without an account"), so it is opt-in');
  const login = signIn();
  if (!login.options) return refuse(login.problem);
  const schema = `FORGE_VERIFY_${randomBytes(4).toString('hex').toUpperCase()}`;
  const script = await readFile(new URL('./verify.sql', import.meta.url), 'utf8');
  const filled = fillPlaceholders(script, { warehouse: env.FORGE_SF_WAREHOUSE ?? '', database: env.FORGE_SF_DATABASE ?? '', schema });
  if (filled.missing.length > 0) return refuse(`verify.sql uses placeholders the runner does not fill: ${filled.missing.join(', ')}`);
  const split = splitScript(filled.text);
  if (split.problems.length > 0) return refuse(`verify.sql: ${split.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);

  const sdk = await loadSdk();
  let session;
  try {
    session = await openSession(sdk, login.options);
  } catch (error) {
    return refuse(`cannot sign in to ${env.FORGE_SF_ACCOUNT} as ${env.FORGE_SF_USER}: ${describeError(error)}`);
  }
  let stop = false;
  const onInterrupt = () => { stop = true; console.log('\ninterrupted: cancelling, then dropping the scratch schema'); session.cancel(); };
  process.once('SIGINT', onInterrupt);
  const role = (await session.run('select current_role() as r')).rows?.[0]?.R;
  console.log(`verify.sql on ${env.FORGE_SF_ACCOUNT} as ${env.FORGE_SF_USER} (role ${role ?? '?'}, warehouse ${env.FORGE_SF_WAREHOUSE}), scratch schema ${env.FORGE_SF_DATABASE}.${schema}`);
  try {
    const tally = await runScript(session, split, () => stop);
    console.log(`\n${tally.pass} passed, ${tally.fail} failed${tally.info > 0 ? `, ${tally.info} recorded (INFO)` : ''}${stop ? ', interrupted' : ''}`);
    process.exitCode = stop ? 130 : tally.fail > 0 ? 1 : 0;
  } finally {
    // whatever the script got to: back to the role that made the schema, and drop it (a no-op after the cleanup section)
    if (typeof role === 'string') await session.run(`use role "${role.replace(/"/g, '""')}"`);
    await session.run(`drop database if exists ${schema}_NOPE`);
    const dropped = await session.run(`drop schema if exists ${env.FORGE_SF_DATABASE}.${schema} cascade`);
    if (dropped.error) console.error(`run-verify: could not drop ${env.FORGE_SF_DATABASE}.${schema}: ${describeError(dropped.error)} — drop it by hand`);
    process.off('SIGINT', onInterrupt);
    await session.close();
  }
}

await main();
