/**
 * Each Snowflake authentication method through the real snowflake-sdk against a loopback server
 * whose user has every credential (key pair, OAuth token, programmatic access token, password with
 * an MFA passcode): the server records which authenticator each login used; wrong credentials are
 * FRG2002 login errors without the secret; `forge debug` names the method.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, forge, makeProject } from '../helpers/project.js';
import { LoopbackServer } from './loopback/server.js';

const SECRETS = {
  FORGE_AUTH_OAUTH: 'oauth-access-token-7c1e',
  FORGE_AUTH_PAT: 'pat-secret-3b9d',
  FORGE_AUTH_PASSWORD: 'mfa-password-51aa',
  FORGE_AUTH_PASSCODE: '246810',
  FORGE_AUTH_PASSWORD_AND_PASSCODE: 'mfa-password-51aa246810',
  FORGE_AUTH_KEY_PASSPHRASE: 'key-passphrase-90fe',
};
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: {
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: SECRETS.FORGE_AUTH_KEY_PASSPHRASE,
  },
});
const server = new LoopbackServer({
  user: 'forge',
  password: SECRETS.FORGE_AUTH_PASSWORD,
  passcode: SECRETS.FORGE_AUTH_PASSCODE,
  oauthToken: SECRETS.FORGE_AUTH_OAUTH,
  pat: SECRETS.FORGE_AUTH_PAT,
  publicKey: keys.publicKey,
});
let url = '';
const saved = { ...process.env };

/** The credentials part of each target, as a user would write it. */
const METHODS: Record<string, string> = {
  keypair:
    'private_key_path: { env: FORGE_AUTH_KEY_PATH }\n    private_key_passphrase: { env: FORGE_AUTH_KEY_PASSPHRASE }',
  oauth: 'token: { env: FORGE_AUTH_OAUTH }',
  pat: 'authenticator: programmatic_access_token\n    token: { env: FORGE_AUTH_PAT }',
  mfa: 'password: { env: FORGE_AUTH_PASSWORD }\n    passcode: { env: FORGE_AUTH_PASSCODE }',
  mfa_inline: 'password: { env: FORGE_AUTH_PASSWORD_AND_PASSCODE }\n    passcode_in_password: true',
  password_only: 'password: { env: FORGE_AUTH_PASSWORD }',
};

const targets = (database: string): string =>
  Object.entries(METHODS)
    .map(
      ([name, auth]) =>
        `  ${name}:\n    type: snowflake\n    account: loopback\n    user: forge\n    ${auth}\n    role: TRANSFORMER\n    warehouse: FORGE_WH\n` +
        `    database: ${database}\n    schema: DEV\n    access_url: ${url}\n`,
    )
    .join('');

const project = (): Promise<string> =>
  makeProject({ 'project.yml': `name: auth\ntargets:\n  dev: { type: duckdb }\n${targets('AUTH_DB')}` });

/** Everything a user saw, checked for every secret value. */
const expectNoSecret = (output: string): void => {
  for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
};

beforeAll(async () => {
  url = await server.start();
  const dir = await makeProject({ 'keys/rsa_key.p8': keys.privateKey });
  Object.assign(process.env, SECRETS, { FORGE_AUTH_KEY_PATH: path.join(dir, 'keys/rsa_key.p8') });
});
afterAll(async () => {
  await server.stop();
  process.env = saved;
});

describe('Snowflake authentication methods through the real driver', () => {
  const cases: readonly (readonly [string, string, RegExp])[] = [
    ['keypair', 'SNOWFLAKE_JWT', /auth {8}key pair \(private_key_path, private_key_passphrase\)/],
    ['oauth', 'OAUTH', /auth {8}OAuth access token \(token\)/],
    ['pat', 'PROGRAMMATIC_ACCESS_TOKEN', /auth {8}programmatic access token \(token\)/],
    ['mfa', 'USERNAME_PASSWORD_MFA', /auth {8}password \+ MFA passcode \(password, passcode\)/],
    [
      'mfa_inline',
      'USERNAME_PASSWORD_MFA',
      /auth {8}password \+ MFA passcode appended to the password \(passcode_in_password\)/,
    ],
  ];
  for (const [target, authenticator, line] of cases) {
    it(`${target}: forge debug names the method and logs in with ${authenticator}`, async () => {
      const dir = await project();
      const from = server.logins.length;
      const debug = await forge(dir, 'debug', '--target', target);
      expect(debug.code, debug.stdout + debug.stderr).toBe(0);
      expect(debug.stdout).toMatch(line);
      expect(debug.stdout).toMatch(/connection {2}OK: logged in/);
      expect(server.logins.slice(from)).toEqual([{ user: 'forge', authenticator }]);
      expectNoSecret(debug.stdout + debug.stderr);
    });
  }

  it('an OAuth target may leave out the user: the token names it', async () => {
    const dir = await makeProject({
      'project.yml':
        `name: auth\ntargets:\n  dev: { type: duckdb }\n  sso:\n    type: snowflake\n    account: loopback\n` +
        `    token: { env: FORGE_AUTH_OAUTH }\n    database: AUTH_DB\n    access_url: ${url}\n`,
    });
    const from = server.logins.length;
    const debug = await forge(dir, 'debug', '--target', 'sso');
    expect(debug.stdout, debug.stderr).toMatch(/connection {2}OK: logged in/);
    expect(server.logins.slice(from)).toEqual([{ user: 'forge', authenticator: 'OAUTH' }]);
  });

  it('a project builds with an OAuth token: every pooled session logs in with it', async () => {
    const dir = await copyFixture('state');
    const yml = await readFile(path.join(dir, 'project.yml'), 'utf8');
    await writeFile(
      path.join(dir, 'project.yml'),
      yml.replace('targets:\n', `targets:\n${targets('OAUTH_DB')}`),
    );
    const from = server.logins.length;
    const built = await forge(dir, 'build', '--target', 'oauth', '--threads', '2');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/7 OK, 4 tests passed/);
    const logins = server.logins.slice(from);
    expect(logins.length).toBeGreaterThan(0);
    expect(new Set(logins.map((l) => l.authenticator))).toEqual(new Set(['OAUTH']));
    expectNoSecret(built.stdout + built.stderr);
  });
});

describe('refused logins are FRG2002 errors without the secret', () => {
  const refused = async (target: string, env: Record<string, string>): Promise<string> => {
    const dir = await project();
    Object.assign(process.env, env);
    try {
      const debug = await forge(dir, 'debug', '--target', target);
      const built = await forge(dir, 'build', '--target', target);
      expect(built.code).toBe(1);
      expectNoSecret(debug.stdout + debug.stderr + built.stdout + built.stderr);
      for (const value of Object.values(env))
        expect(debug.stdout + built.stdout + built.stderr).not.toContain(value);
      return `${debug.stdout}\n${built.stderr}`;
    } finally {
      Object.assign(process.env, SECRETS);
    }
  };

  it('a wrong OAuth token', async () => {
    const output = await refused('oauth', { FORGE_AUTH_OAUTH: 'stale-oauth-token-1111' });
    expect(output).toMatch(
      /connection {2}FAILED: FRG2002 cannot log in to Snowflake \(target "oauth"\): Snowflake 390303: Invalid OAuth access token/,
    );
    expect(output).toMatch(/FRG2002 cannot log in to Snowflake \(target "oauth"\): Snowflake 390303/);
  });

  it('a wrong programmatic access token', async () => {
    expect(await refused('pat', { FORGE_AUTH_PAT: 'revoked-pat-2222' })).toMatch(
      /FRG2002 cannot log in to Snowflake \(target "pat"\): Snowflake 394400: Programmatic access token is invalid/,
    );
  });

  it('a wrong MFA passcode, in its own key or appended to the password', async () => {
    expect(await refused('mfa', { FORGE_AUTH_PASSCODE: '135791' })).toMatch(
      /FRG2002 cannot log in to Snowflake \(target "mfa"\): Snowflake 394507: Failed to authenticate: TOTP Invalid/,
    );
    expect(
      await refused('mfa_inline', { FORGE_AUTH_PASSWORD_AND_PASSCODE: 'mfa-password-51aa135791' }),
    ).toMatch(/FRG2002 cannot log in to Snowflake \(target "mfa_inline"\): Snowflake 390100/);
  });

  it('a password alone, for a user enrolled in MFA; forge debug says it is single-factor', async () => {
    const output = await refused('password_only', {});
    expect(output).toMatch(/auth {8}password \(single-factor: Snowflake is retiring it; prefer a key pair\)/);
    expect(output).toMatch(
      /FRG2002 cannot log in to Snowflake \(target "password_only"\): Snowflake 394508: Failed to authenticate: MFA with TOTP is required/,
    );
  });
});

describe('authenticator settings', () => {
  it('an unknown authenticator is located in project.yml, with the choices', async () => {
    const dir = await makeProject({
      'project.yml':
        'name: auth\ntargets:\n  dev: { type: duckdb }\n  sso:\n    type: snowflake\n    authenticator: oath\n    token: { env: FORGE_AUTH_OAUTH }\n',
    });
    const r = await forge(dir, 'debug', '--target', 'sso');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:6:20 FRG1003 target "sso": unknown authenticator "oath" — did you mean "oauth"?',
    );
    expect(r.stderr).toContain(
      'choose one of: snowflake_jwt, oauth, programmatic_access_token, username_password_mfa, snowflake',
    );
  });

  it('an authenticator read from an env var is checked at login; an explicit one needs its credential', async () => {
    const dir = await makeProject({
      'project.yml':
        'name: auth\ntargets:\n  dev: { type: duckdb }\n' +
        '  from_env:\n    type: snowflake\n    account: loopback\n    user: forge\n    authenticator: { env: FORGE_AUTH_METHOD }\n    token: { env: FORGE_AUTH_OAUTH }\n' +
        '  keyless:\n    type: snowflake\n    account: loopback\n    user: forge\n    authenticator: SNOWFLAKE_JWT\n    password: { env: FORGE_AUTH_PASSWORD }\n',
    });
    process.env['FORGE_AUTH_METHOD'] = 'saml';
    const fromEnv = await forge(dir, 'debug', '--target', 'from_env');
    expect(fromEnv.stdout).toMatch(
      /auth {8}none: project\.yml FRG2002 target "from_env" has an unknown authenticator "saml"/,
    );
    const keyless = await forge(dir, 'debug', '--target', 'keyless');
    expect(keyless.stdout).toMatch(
      /auth {8}none: project\.yml FRG2002 target "keyless" authenticates with key pair \(private_key_path\) but has no private_key_path or private_key/,
    );
    expectNoSecret(fromEnv.stdout + fromEnv.stderr + keyless.stdout + keyless.stderr);
  });

  it('forge init writes a Snowflake target that signs in with a key pair', async () => {
    const dir = path.join(await makeProject({}), 'shop');
    expect((await forge(dir, 'init', dir)).code).toBe(0);
    const yml = path.join(dir, 'project.yml');
    await writeFile(yml, `${await readFile(yml, 'utf8')}    access_url: ${url}\n`);
    Object.assign(process.env, {
      SNOWFLAKE_ACCOUNT: 'loopback',
      SNOWFLAKE_USER: 'forge',
      SNOWFLAKE_PRIVATE_KEY_PATH: process.env['FORGE_AUTH_KEY_PATH'],
      SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: SECRETS.FORGE_AUTH_KEY_PASSPHRASE,
    });
    const from = server.logins.length;
    const debug = await forge(dir, 'debug', '--target', 'prod');
    expect(debug.code, debug.stdout + debug.stderr).toBe(0);
    expect(debug.stdout).toMatch(/auth {8}key pair \(private_key_path, private_key_passphrase\)/);
    expect(debug.stdout).toMatch(/connection {2}OK: logged in/);
    expect(server.logins.slice(from)).toEqual([{ user: 'forge', authenticator: 'SNOWFLAKE_JWT' }]);
  });

  it('token, passcode and the key passphrase are secrets: literals and non-empty defaults are refused', async () => {
    const dir = await makeProject({
      'project.yml':
        'name: auth\ntargets:\n  dev: { type: duckdb }\n  prod:\n    type: snowflake\n' +
        '    token: not-from-env\n    passcode: { env: FORGE_AUTH_PASSCODE, default: "123456" }\n    private_key_passphrase: hunter2\n',
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    for (const key of ['token', 'passcode', 'private_key_passphrase']) {
      expect(r.stderr).toContain(`FRG1005 "${key}" is a secret and must come from an environment variable`);
    }
  });
});
