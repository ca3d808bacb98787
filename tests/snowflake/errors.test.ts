/**
 * A Snowflake error reaches the user with its code and SQL state as fields (run_results.json's
 * adapter_response, the JSON-lines node-done event), the node's file, and a hint for the common ones:
 * an object that does not exist or is not authorized (002003), no usable warehouse (000606),
 * insufficient privileges (003001), a refused login (390100).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

const MODEL = 'models/marts/customer_totals.sql';

interface NodeDoneEvent {
  type: string;
  name?: string;
  status?: string;
  message?: string;
  adapterResponse?: Record<string, string>;
}

/** Builds with JSON-lines output; the first failed node's node-done event and its run_results.json entry. */
async function failedNode(
  dir: string,
): Promise<{ code: number; event: NodeDoneEvent | undefined; result: Record<string, unknown> | undefined }> {
  const built = await forge(dir, 'build', '--target', 'loopback', '--log-format', 'json', '--threads', '1');
  const events = built.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as NodeDoneEvent);
  const event = events.find((e) => e.type === 'node-done' && e.status === 'error');
  const runResults = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')) as {
    results: Record<string, unknown>[];
  };
  return { code: built.code, event, result: runResults.results.find((r) => r['status'] === 'error') };
}

describe('Snowflake errors as fields, with the file and a hint', () => {
  it('insufficient privileges (003001): code, SQL state and query id on the event and in run_results.json; a GRANT hint', async () => {
    const dir = await loopback.fixture('state', 'PRIV_DB');
    loopback.server.faults.deny = { pattern: /customer_totals__forge_tmp as/i, object: "schema 'DEV_MARTS'" };
    try {
      const { code, event, result } = await failedNode(dir);
      expect(code).toBe(1);
      expect(event?.name).toBe('customer_totals');
      const failed = loopback.server.statements.find((s) => s.code === '003001');
      const response = { code: '003001', sql_state: '42501', query_id: failed?.queryId };
      expect(event?.status).toBe('error');
      expect(event?.adapterResponse).toEqual(response);
      expect(result?.['adapter_response']).toEqual(response);
      for (const message of [event?.message, String(result?.['message'])]) {
        expect(message).toMatch(
          /^models\/marts\/customer_totals\.sql FRG2003 customer_totals failed in the warehouse: Snowflake 003001 \(42501\): SQL access control error:\nInsufficient privileges to operate on schema 'DEV_MARTS'\./,
        );
        expect(message).toMatch(
          /hint: the role TRANSFORMER lacks a privilege .*GRANT <privilege> ON SCHEMA DEV_MARTS TO ROLE TRANSFORMER; SHOW GRANTS TO ROLE TRANSFORMER/,
        );
      }
    } finally {
      loopback.server.faults.deny = undefined;
    }
  });

  it('an object that does not exist or is not authorized (002003): check the name, the grants, and that the parent was built here', async () => {
    const dir = await loopback.fixture('state', 'MISSING_DB');
    await writeFile(path.join(dir, MODEL), 'select * from MISSING_DB.DEV.no_such_table\n');
    const { event } = await failedNode(dir);
    expect(event?.adapterResponse).toMatchObject({ code: '002003', sql_state: '42S02' });
    expect(event?.message).toMatch(
      /models\/marts\/customer_totals\.sql FRG2003 customer_totals failed in the warehouse: Snowflake 002003 \(42S02\)/,
    );
    expect(event?.message).toMatch(
      /hint: check the name; that TRANSFORMER may see it .*built on this target \(forge build --target loopback --select \+<model>\)/,
    );
  });

  it("no usable warehouse (000606): the session has none, and the hint names the target's warehouse", async () => {
    const dir = await loopback.fixture('state', 'NOWH_DB');
    const yml = path.join(dir, 'project.yml');
    await writeFile(
      yml,
      (await readFile(yml, 'utf8')).replace('warehouse: FORGE_WH', 'warehouse: NO_SUCH_WH'),
    );
    loopback.server.warehouses = ['FORGE_WH'];
    try {
      const { code, event } = await failedNode(dir);
      expect(code).toBe(1);
      expect(event?.adapterResponse).toMatchObject({ code: '000606', sql_state: '57P03' });
      expect(event?.message).toMatch(
        /^seeds\/raw_customers\.csv FRG2003 raw_customers failed in the warehouse: Snowflake 000606 \(57P03\): No active warehouse selected in the current session/,
      );
      expect(event?.message).toMatch(
        /hint: the session has no running warehouse: check the target's warehouse \(NO_SUCH_WH\) exists, that TRANSFORMER has USAGE on it/,
      );
    } finally {
      loopback.server.warehouses = undefined;
    }
  });

  it("a model's snowflake_warehouse that does not exist: USE WAREHOUSE fails (002043) with a hint", async () => {
    const dir = await loopback.fixture('state', 'USEWH_DB');
    await writeFile(
      path.join(dir, MODEL),
      `{{config snowflake_warehouse="MISSING_WH"}}\n${await readFile(path.join(dir, MODEL), 'utf8')}`,
    );
    loopback.server.warehouses = ['FORGE_WH'];
    try {
      const { event } = await failedNode(dir);
      expect(event?.name).toBe('customer_totals');
      expect(event?.adapterResponse).toMatchObject({ code: '002043', sql_state: '02000' });
      expect(event?.message).toMatch(
        /hint: the object does not exist or TRANSFORMER may not use it; for USE WAREHOUSE \(a model's snowflake_warehouse\), check the name/,
      );
    } finally {
      loopback.server.warehouses = undefined;
    }
  });

  it('a refused login (390100) says what to check, and shows no secret', async () => {
    const dir = await loopback.fixture('state', 'BADLOGIN_DB');
    process.env['FORGE_TEST_SF_PASSWORD'] = 'wrong-password-456';
    try {
      const failed = await forge(dir, 'build', '--target', 'loopback');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /FRG2002 cannot log in to Snowflake \(target "loopback"\): Snowflake 390100: Incorrect username or password was specified\.\n {2}hint: check the user and its password/,
      );
      expect(failed.stdout + failed.stderr).not.toContain('wrong-password-456');
    } finally {
      process.env['FORGE_TEST_SF_PASSWORD'] = 'secret';
    }
  });
});
