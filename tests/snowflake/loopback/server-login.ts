/**
 * Whether Snowflake would accept a login, checked on the fields snowflake-sdk 3.x sends for each
 * authenticator (lib/authentication/*): TOKEN for SNOWFLAKE_JWT, OAUTH and PROGRAMMATIC_ACCESS_TOKEN;
 * PASSWORD, and PASSCODE or passcodeInPassword, for USERNAME_PASSWORD_MFA.
 */
import { createVerify } from 'node:crypto';

/** The credentials the loopback's one user has. */
export interface Credentials {
  readonly user: string;
  readonly password?: string;
  readonly publicKey?: string;
  /** An OAuth access token and a programmatic access token the user may sign in with. */
  readonly oauthToken?: string;
  readonly pat?: string;
  /** The user is enrolled in MFA: password logins also need this passcode (own field, or appended to the password). */
  readonly passcode?: string;
}

/** Refused logins as [code, message]. The MFA codes are the loopback's choice (undocumented); "TOTP Invalid" is the text the driver's own MFA test looks for. */
export const WRONG_PASSWORD = ['390100', 'Incorrect username or password was specified.'] as const;
const MFA_REQUIRED = [
  '394508',
  'Failed to authenticate: MFA with TOTP is required. To authenticate, provide both your password and a current TOTP passcode.',
] as const;

/** Why Snowflake would refuse these credentials (its code and message), or undefined. */
export function loginRefusal(
  credentials: Credentials,
  authenticator: string,
  data: Record<string, unknown>,
): readonly [string, string] | undefined {
  const { password, oauthToken, pat, passcode } = credentials;
  const given = (key: string): string | undefined => (typeof data[key] === 'string' ? data[key] : undefined);
  switch (authenticator) {
    case 'SNOWFLAKE_JWT':
      return validJwt(
        credentials.publicKey,
        given('TOKEN') ?? '',
        `${given('ACCOUNT_NAME') ?? ''}.${credentials.user}`,
      )
        ? undefined
        : ['390144', 'JWT token is invalid.'];
    case 'OAUTH':
      return oauthToken !== undefined && given('TOKEN') === oauthToken
        ? undefined
        : ['390303', 'Invalid OAuth access token.'];
    case 'PROGRAMMATIC_ACCESS_TOKEN':
      return pat !== undefined && given('TOKEN') === pat
        ? undefined
        : ['394400', 'Programmatic access token is invalid.'];
    case 'USERNAME_PASSWORD_MFA':
      return mfaRefusal(credentials, data);
    case 'SNOWFLAKE':
      // Snowflake also takes a programmatic access token in place of the password
      if (pat !== undefined && given('PASSWORD') === pat) return undefined;
      if (password === undefined || given('PASSWORD') !== password) return WRONG_PASSWORD;
      return passcode === undefined ? undefined : MFA_REQUIRED;
    default:
      return ['390100', `Authenticator ${authenticator} is not supported (loopback).`];
  }
}

/** USERNAME_PASSWORD_MFA: the password, then the passcode in its own field or at the end of the password. */
function mfaRefusal(
  credentials: Credentials,
  data: Record<string, unknown>,
): readonly [string, string] | undefined {
  const { password, passcode } = credentials;
  if (password === undefined) return WRONG_PASSWORD;
  if (data['passcodeInPassword'] === true)
    return data['PASSWORD'] === `${password}${passcode ?? ''}` ? undefined : WRONG_PASSWORD;
  if (data['PASSWORD'] !== password) return WRONG_PASSWORD;
  if (passcode === undefined) return undefined;
  if (data['EXT_AUTHN_DUO_METHOD'] !== 'passcode') return MFA_REQUIRED;
  return data['PASSCODE'] === passcode ? undefined : ['394507', 'Failed to authenticate: TOTP Invalid.'];
}

/** A key-pair login: the JWT names ACCOUNT.USER as its subject, has not expired, and is signed by the configured public key. */
function validJwt(publicKey: string | undefined, jwt: string, subject: string): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!publicKey || !header || !payload || !signature) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    sub?: unknown;
    exp?: unknown;
  };
  // the driver writes exp in milliseconds (Date.now() + 120 s)
  if (claims.sub !== subject.toUpperCase() || typeof claims.exp !== 'number' || claims.exp < Date.now())
    return false;
  return createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(publicKey, Buffer.from(signature, 'base64url'));
}
