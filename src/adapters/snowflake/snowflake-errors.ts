/**
 * snowflake-sdk's errors as Forge shows them: Snowflake's code and SQL state first in the message and
 * as fields (WarehouseError), with a hint for the failures a new project meets first. The driver
 * raises an error with `code`, `sqlState` and `data.queryId` for every `success: false` answer.
 */
import type { SnowflakeError } from 'snowflake-sdk';
import { WarehouseError, type AdapterResponse } from '../../errors/warehouse-error.js';
import type { Target } from '../../project/targets.js';
import { settingText } from './snowflake-auth.js';

/** `Snowflake 002003 (42S02): SQL compilation error: …` (no code when the driver gave none). */
export function snowflakeMessage(error: unknown): string {
  const e = error as Partial<SnowflakeError> & { message?: string };
  const code =
    e.code !== undefined ? `Snowflake ${String(e.code)}${e.sqlState ? ` (${e.sqlState})` : ''}: ` : '';
  return `${code}${e.message ?? String(error)}`;
}

/** What a hint may name: the target's role and warehouse as the session has them. */
export interface SessionFacts {
  readonly target: string;
  readonly role?: string;
  readonly warehouse?: string;
}

const word = (value: string | undefined, otherwise: string): string => value ?? otherwise;

/** `Insufficient privileges to operate on table 'X'` → a GRANT naming that object. */
function grantHint(message: string, facts: SessionFacts): string {
  const object = /operate on ([a-z ]+?) '([^']+)'/i.exec(message);
  const role = word(facts.role, '<role>');
  const grant = object
    ? `GRANT <privilege> ON ${(object[1] ?? '').toUpperCase()} ${object[2] ?? ''} TO ROLE ${role}`
    : `GRANT <privilege> ON <object> TO ROLE ${role}`;
  return (
    `the role ${role} lacks a privilege this statement needs (SELECT to read, INSERT/UPDATE/DELETE to write, OWNERSHIP to replace or drop, ` +
    `CREATE TABLE/VIEW on the schema): an administrator runs ${grant}; SHOW GRANTS TO ROLE ${role} lists what it has`
  );
}

/** A hint for Snowflake's common errors, or undefined. */
export function snowflakeHint(
  code: string | undefined,
  message: string,
  facts: SessionFacts,
): string | undefined {
  const role = word(facts.role, "the target's role");
  const warehouse = word(facts.warehouse, '<warehouse>');
  switch (code) {
    case '002003':
      return (
        `check the name; that ${role} may see it (USAGE on its database and schema, a privilege on the object: SHOW GRANTS ON …); ` +
        `and, if it is a parent model, that it was built on this target (forge build --target ${facts.target} --select +<model>)`
      );
    case '000606':
      return (
        `the session has no running warehouse: check the target's warehouse (${warehouse}) exists, that ${role} has USAGE on it ` +
        `(GRANT USAGE ON WAREHOUSE ${warehouse} TO ROLE …), and that it is resumed (ALTER WAREHOUSE ${warehouse} RESUME, or AUTO_RESUME = TRUE)`
      );
    case '002043':
      return (
        `the object does not exist or ${role} may not use it; for USE WAREHOUSE (a model's snowflake_warehouse), check the name ` +
        'and GRANT USAGE ON WAREHOUSE <name> TO ROLE …'
      );
    case '003001':
      return grantHint(message, facts);
    case '000630':
      return "raise the target's query_timeout (seconds), or the warehouse's STATEMENT_TIMEOUT_IN_SECONDS";
    case '390100':
      return 'check the user and its password (or passcode, token, key pair) in the target; forge debug shows the target with secrets masked';
    case '390144':
      return (
        'the key pair was refused: the public key registered for the user (ALTER USER … SET RSA_PUBLIC_KEY = …) must match ' +
        "the target's private_key / private_key_path, and account must be the account identifier"
      );
    default:
      return undefined;
  }
}

/** A driver error as a WarehouseError: code, SQL state and query id as fields, a hint when Forge knows one. */
export function snowflakeError(error: unknown, facts: SessionFacts, queryId?: string): WarehouseError {
  const e = error as Partial<SnowflakeError> & { message?: string };
  const code = e.code === undefined ? undefined : String(e.code);
  const id = typeof e.data?.['queryId'] === 'string' ? e.data['queryId'] : queryId;
  const response: AdapterResponse = {
    ...(code ? { code } : {}),
    ...(e.sqlState ? { sql_state: e.sqlState } : {}),
    ...(id ? { query_id: id } : {}),
  };
  return new WarehouseError(snowflakeMessage(error), response, snowflakeHint(code, e.message ?? '', facts));
}

/** The role and warehouse a target's sessions log in with (what a hint may name). */
export function sessionFacts(target: Target): SessionFacts {
  const role = settingText(target, 'role');
  const warehouse = settingText(target, 'warehouse');
  return { target: target.name, ...(role ? { role } : {}), ...(warehouse ? { warehouse } : {}) };
}
