/**
 * A Snowflake target's settings → snowflake-sdk connection options. Secrets come only from
 * environment variables (targets.ts refuses literals) and never leave this object: nothing here is
 * logged, and `forge debug` prints maskedSettings(target).
 *
 *   prod:
 *     type: snowflake
 *     account: { env: SNOWFLAKE_ACCOUNT }        # e.g. xy12345.eu-west-1
 *     user: { env: SNOWFLAKE_USER }
 *     password: { env: SNOWFLAKE_PASSWORD }      # or key pair:
 *     # private_key: { env: SNOWFLAKE_PRIVATE_KEY }  (PEM text) / private_key_path: ~/.ssh/sf.p8
 *     # private_key_passphrase: { env: SNOWFLAKE_KEY_PASSPHRASE }
 *     role: TRANSFORMER
 *     warehouse: TRANSFORMING
 *     database: ANALYTICS
 *     schema: DBT_ADA                            # per developer: custom schemas become DBT_ADA_<name>
 */
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Target } from '../../project/targets.js';

export interface DriverOptions {
  readonly [key: string]: string | number | boolean | undefined;
}

const text = (target: Target, key: string): string | undefined => {
  const value = target.settings[key];
  return value === undefined || value === '' ? undefined : String(value);
};

export function driverOptions(target: Target): DriverOptions {
  const account = text(target, 'account');
  const user = text(target, 'user') ?? text(target, 'username');
  if (!account || !user) {
    throw ForgeError.of(Codes.warehouseOpen, `target "${target.name}" needs an account and a user`, { file: 'project.yml' },
      'set account: { env: SNOWFLAKE_ACCOUNT } and user: { env: SNOWFLAKE_USER } in the target');
  }
  const privateKey = text(target, 'private_key');
  const privateKeyPath = text(target, 'private_key_path');
  const keyPair = privateKey !== undefined || privateKeyPath !== undefined;
  if (!keyPair && text(target, 'password') === undefined) {
    throw ForgeError.of(Codes.warehouseOpen, `target "${target.name}" has no credentials`, { file: 'project.yml' },
      'set password: { env: SNOWFLAKE_PASSWORD }, or private_key / private_key_path for key-pair authentication');
  }
  const accessUrl = text(target, 'access_url');
  return {
    account, username: user,
    ...(keyPair ? { authenticator: 'SNOWFLAKE_JWT', privateKey, privateKeyPath, privateKeyPass: text(target, 'private_key_passphrase') } : { password: text(target, 'password') }),
    role: text(target, 'role'), warehouse: text(target, 'warehouse'), database: target.database, schema: target.schema,
    ...(accessUrl ? { accessUrl } : {}),
    application: 'Forge',
    // NUMBER(38,0) beyond 2^53 stays exact (as bigint); query results turn safe ones back into numbers
    jsTreatIntegerAsBigInt: true,
    // long builds keep their sessions alive; the server-side session ends when the warehouse closes
    clientSessionKeepAlive: true,
    sfRetryMaxLoginRetries: Number(target.settings['login_retries'] ?? 3),
    timeout: Number(target.settings['login_timeout_seconds'] ?? 60) * 1000,
  };
}
