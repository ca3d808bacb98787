/**
 * How a Snowflake target logs in: the method chosen (or inferred) from its settings, the
 * snowflake-sdk 3.x options for it, and a line for `forge debug` that names the method and the keys
 * it reads, never their values.
 *
 * `authenticator` chooses explicitly (Snowflake's names, any case: SNOWFLAKE_AUTHENTICATORS). Without
 * it: private_key / private_key_path → key pair; token → OAuth access token (a programmatic access
 * token needs `authenticator: programmatic_access_token`: both are opaque strings, so nothing tells
 * them apart); password + passcode (or passcode_in_password) → password with MFA; password alone →
 * single-factor password, which Snowflake is retiring.
 */
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import {
  isSnowflakeAuthenticator,
  SNOWFLAKE_AUTHENTICATORS,
  type SnowflakeAuthenticator,
  type Target,
} from '../../project/targets.js';

type AuthMethod =
  | {
      readonly kind: 'key_pair';
      readonly source: 'private_key' | 'private_key_path';
      readonly passphrase: boolean;
    }
  | { readonly kind: 'oauth' }
  | { readonly kind: 'pat' }
  /** `passcode`: a TOTP/Duo code in its own key; `in_password`: appended to the password; `push`: Duo push. */
  | { readonly kind: 'mfa'; readonly factor: 'passcode' | 'in_password' | 'push' }
  | { readonly kind: 'password' };

/** The driver options of one method (merged into the connection options by snowflake-options.ts). */
type AuthOptions = Readonly<Record<string, string | boolean | undefined>>;

/** A target setting as text; empty counts as unset (an `{ env: X, default: "" }` left unset). */
function text(target: Target, key: string): string | undefined {
  const value = target.settings[key];
  return value === undefined || value === '' ? undefined : String(value);
}
export { text as settingText };

const flag = (target: Target, key: string): boolean =>
  target.settings[key] === true || target.settings[key] === 'true';

function refuse(target: Target, message: string, hint: string): never {
  throw ForgeError.of(
    Codes.warehouseOpen,
    `target "${target.name}" ${message}`,
    { file: 'project.yml' },
    hint,
  );
}

/** The method a target logs in with; throws FRG2002 when its settings do not make one. */
export function authMethod(target: Target): AuthMethod {
  const chosen = text(target, 'authenticator')?.toLowerCase();
  if (chosen === undefined) return inferMethod(target);
  if (!isSnowflakeAuthenticator(chosen)) {
    refuse(
      target,
      `has an unknown authenticator "${chosen}"`,
      `choose one of: ${SNOWFLAKE_AUTHENTICATORS.join(', ')}`,
    );
  }
  return checked(target, namedMethod(target, chosen));
}

function inferMethod(target: Target): AuthMethod {
  if (text(target, 'private_key') !== undefined || text(target, 'private_key_path') !== undefined)
    return namedMethod(target, 'snowflake_jwt');
  if (text(target, 'token') !== undefined) return { kind: 'oauth' };
  if (text(target, 'password') !== undefined) return namedMethod(target, 'snowflake');
  return refuse(
    target,
    'has no credentials',
    'set private_key_path: { env: SNOWFLAKE_PRIVATE_KEY_PATH } (key pair, recommended), token: { env: … } (OAuth, or a ' +
      'programmatic access token with authenticator: programmatic_access_token) or password: { env: SNOWFLAKE_PASSWORD } with passcode',
  );
}

function namedMethod(target: Target, name: SnowflakeAuthenticator): AuthMethod {
  switch (name) {
    case 'snowflake_jwt':
      return {
        kind: 'key_pair',
        source: text(target, 'private_key') !== undefined ? 'private_key' : 'private_key_path',
        passphrase: text(target, 'private_key_passphrase') !== undefined,
      };
    case 'oauth':
      return { kind: 'oauth' };
    case 'programmatic_access_token':
      return { kind: 'pat' };
    case 'snowflake':
    case 'username_password_mfa': {
      const factor = flag(target, 'passcode_in_password')
        ? 'in_password'
        : text(target, 'passcode') !== undefined
          ? 'passcode'
          : undefined;
      if (factor !== undefined) return { kind: 'mfa', factor };
      return name === 'snowflake' ? { kind: 'password' } : { kind: 'mfa', factor: 'push' };
    }
  }
}

/** An explicit authenticator must have the credential it reads. */
function checked(target: Target, method: AuthMethod): AuthMethod {
  const needs = (key: string, also?: string): void => {
    if (text(target, key) !== undefined || (also !== undefined && text(target, also) !== undefined)) return;
    refuse(
      target,
      `authenticates with ${describeAuth(method)} but has no ${also ? `${key} or ${also}` : key}`,
      `set ${key}: { env: SNOWFLAKE_${key.toUpperCase()} }`,
    );
  };
  if (method.kind === 'key_pair') needs('private_key_path', 'private_key');
  else if (method.kind === 'oauth' || method.kind === 'pat') needs('token');
  else needs('password');
  return method;
}

/** snowflake-sdk 3.x options (lib/connection/connection_config.js, lib/authentication/*). */
export function authOptions(target: Target, method: AuthMethod): AuthOptions {
  switch (method.kind) {
    case 'key_pair':
      return {
        authenticator: 'SNOWFLAKE_JWT',
        privateKey: text(target, 'private_key'),
        privateKeyPath: text(target, 'private_key_path'),
        privateKeyPass: text(target, 'private_key_passphrase'),
      };
    case 'oauth':
      return { authenticator: 'OAUTH', token: text(target, 'token') };
    // the driver sends TOKEN with AUTHENTICATOR=PROGRAMMATIC_ACCESS_TOKEN (auth_oauth_pat.js)
    case 'pat':
      return { authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: text(target, 'token') };
    case 'mfa':
      return {
        authenticator: 'USERNAME_PASSWORD_MFA',
        password: text(target, 'password'),
        ...(method.factor === 'passcode'
          ? { passcode: text(target, 'passcode') }
          : method.factor === 'in_password'
            ? { passcodeInPassword: true }
            : {}),
      };
    case 'password':
      return { authenticator: 'SNOWFLAKE', password: text(target, 'password') };
  }
}

/** The method in words, naming the keys it reads (values never appear). */
export function describeAuth(method: AuthMethod): string {
  switch (method.kind) {
    case 'key_pair':
      return `key pair (${method.source}${method.passphrase ? ', private_key_passphrase' : ''})`;
    case 'oauth':
      return 'OAuth access token (token)';
    case 'pat':
      return 'programmatic access token (token)';
    case 'mfa':
      return method.factor === 'passcode'
        ? 'password + MFA passcode (password, passcode)'
        : method.factor === 'in_password'
          ? 'password + MFA passcode appended to the password (passcode_in_password)'
          : 'password + MFA push (password)';
    case 'password':
      return 'password (single-factor: Snowflake is retiring it; prefer a key pair)';
  }
}
