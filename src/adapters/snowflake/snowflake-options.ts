/**
 * A Snowflake target's settings → snowflake-sdk connection options. Secrets come only from
 * environment variables (targets.ts refuses literals) and never leave this object: nothing here is
 * logged, and `forge debug` prints maskedSettings(target).
 *
 *   prod:
 *     type: snowflake
 *     account: { env: SNOWFLAKE_ACCOUNT }        # e.g. xy12345.eu-west-1
 *     user: { env: SNOWFLAKE_USER }
 *     private_key_path: { env: SNOWFLAKE_PRIVATE_KEY_PATH }   # key pair (or private_key: PEM text)
 *     # private_key_passphrase: { env: SNOWFLAKE_PRIVATE_KEY_PASSPHRASE }
 *     # others (snowflake-auth.ts): token (OAuth, or a PAT with authenticator: programmatic_access_token),
 *     # password + passcode (MFA), password alone (single-factor, being retired by Snowflake)
 *     role: TRANSFORMER
 *     warehouse: TRANSFORMING
 *     database: ANALYTICS
 *     schema: DBT_ADA                            # per developer: custom schemas become DBT_ADA_<name>
 */
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Target } from '../../project/targets.js';
import { authMethod, authOptions, settingText as text } from './snowflake-auth.js';

interface DriverOptions {
  readonly [key: string]: string | number | boolean | undefined;
}

export function driverOptions(target: Target): DriverOptions {
  const account = text(target, 'account');
  const user = text(target, 'user') ?? text(target, 'username');
  const method = authMethod(target);
  // an OAuth token names its user; every other method signs in as `user`
  if (!account || (!user && method.kind !== 'oauth')) {
    throw ForgeError.of(
      Codes.warehouseOpen,
      `target "${target.name}" needs an account and a user`,
      { file: 'project.yml' },
      'set account: { env: SNOWFLAKE_ACCOUNT } and user: { env: SNOWFLAKE_USER } in the target',
    );
  }
  const accessUrl = text(target, 'access_url');
  return {
    account,
    username: user,
    ...authOptions(target, method),
    role: text(target, 'role'),
    warehouse: text(target, 'warehouse'),
    database: target.database,
    schema: target.schema,
    ...(accessUrl ? { accessUrl } : {}),
    application: 'Forge',
    // NUMBER(38,0) beyond 2^53 stays exact (as bigint); query results turn safe ones back into numbers
    jsTreatIntegerAsBigInt: true,
    // long builds keep their sessions alive; the server-side session ends when the warehouse closes
    clientSessionKeepAlive: true,
    sfRetryMaxLoginRetries: Number(target.settings['login_retries'] ?? 3),
    // `timeout` is every HTTP request's (lib/http/base.js), statements and result polls included: left
    // at the driver's 90 s. Login's own budget is retryTimeout (seconds; the driver raises it to ≥ 300).
    ...(target.settings['login_timeout_seconds'] !== undefined
      ? { retryTimeout: Number(target.settings['login_timeout_seconds']) }
      : {}),
  };
}
