import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVouch } from '../../collector/cli/run-vouch';
import { openStore } from '../../collector/store/database';
import { processSite, spawnCollector, writeConfigFile } from '../support/collector-process';
import { createTestStore, type TestStore } from '../support/test-store';

const CLI = join(import.meta.dirname, '../../collector/cli/vouch.ts');
/** tsx's loader by its full path: the command runs in the test's folder, where no node_modules is. */
const TSX = import.meta.resolve('tsx');

let dir: string;
let store: TestStore;
let configPath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-cli-'));
  store = await createTestStore(dir);
  configPath = writeConfigFile(dir, { sites: [processSite('cli-shop', 'sk_cli_shop_0123456789abcdef', { name: 'CLI Shop' })] });
});
afterEach(async () => {
  await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a command runs with: the test's store and configuration, plus `env` (undefined unsets). */
function commandEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: store.databaseUrl, VOUCH_CONFIG: configPath, PUBLIC_URL: 'https://refer.shop.example', ...env };
}

/** Runs `npm run vouch -- …` in this process (the CLI's runVouch), its lines as the process would print them. */
async function vouch(args: string[], env: Record<string, string | undefined> = {}): Promise<CommandResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVouch(args, { env: commandEnv(env), out: (line) => out.push(line), err: (line) => err.push(line) });
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
  return { code, stdout: text(out), stderr: text(err) };
}

/** Runs `npm run vouch -- …` as its own process (node with tsx's loader, as the npm script does), in the test's folder. */
function vouchProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, CLI, ...args], { cwd: dir, env: commandEnv(env) }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** POSTs to a collector's console API from its own origin. */
async function consoleCall(url: string, path: string, body: unknown, cookie?: string) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any, setCookie: response.headers.get('set-cookie') };
}

describe('npm run vouch -- users', () => {
  it('adds a reviewer with a one-time set-password link that the console takes once, lists and removes them', async () => {
    const added = await vouch(['users', 'add', 'Rita@Shop.example', '--role', 'reviewer', '--sites', 'cli-shop']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added reviewer rita@shop.example (sites: cli-shop).');
    const token = /https:\/\/refer\.shop\.example\/console\/set-password\?token=([A-Za-z0-9_-]{43})\n/.exec(added.stdout)?.[1];
    expect(token, added.stdout).toBeDefined();

    const listed = await vouch(['users', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^EMAIL\s+ROLE\s+SITES\s+PASSWORD\s+ADDED\nrita@shop\.example\s+reviewer\s+cli-shop\s+not yet\s+\d{4}-\d\d-\d\d\n$/);

    // The collector on the same store takes the link once.
    const collector = await spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { PUBLIC_URL: '' } });
    try {
      const set = await consoleCall(collector.url, '/console/api/password', { token, password: 'rita has a long password' });
      expect(set.status).toBe(200);
      const again = await consoleCall(collector.url, '/console/api/password', { token, password: 'someone else password' });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('password_link_invalid');
      const signedIn = await consoleCall(collector.url, '/console/api/session', { email: 'rita@shop.example', password: 'rita has a long password' });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.setCookie!.split(';')[0]!;
      expect((await vouch(['users', 'list'])).stdout).toMatch(/rita@shop\.example\s+reviewer\s+cli-shop\s+yes/);

      // A lost password: a new link sets a new one, and the old stops working.
      const relinked = await vouch(['users', 'link', 'rita@shop.example']);
      expect(relinked.code).toBe(0);
      const newToken = /set-password\?token=([A-Za-z0-9_-]{43})\n/.exec(relinked.stdout)![1];
      expect((await consoleCall(collector.url, '/console/api/password', { token: newToken, password: 'rita has a new password' })).status).toBe(200);
      expect((await consoleCall(collector.url, '/console/api/session', { email: 'rita@shop.example', password: 'rita has a long password' })).status).toBe(401);
      const again2 = await consoleCall(collector.url, '/console/api/session', { email: 'rita@shop.example', password: 'rita has a new password' });
      expect(again2.status).toBe(200);
      // Setting the password ended the earlier session.
      expect((await fetch(`${collector.url}/console/api/session`, { headers: { cookie } })).status).toBe(401);
      const newCookie = again2.setCookie!.split(';')[0]!;
      expect((await fetch(`${collector.url}/console/api/session`, { headers: { cookie: newCookie } })).status).toBe(200);

      const removed = await vouch(['users', 'remove', 'rita@shop.example']);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toBe('Removed rita@shop.example; their sessions have ended.\n');
      const session = await fetch(`${collector.url}/console/api/session`, { headers: { cookie: newCookie } });
      expect(session.status).toBe(401);
    } finally {
      await collector.kill();
    }
    expect((await vouch(['users', 'list'])).stdout).toContain('No console users yet.');

    const audit = openStore(store.databaseUrl);
    try {
      const entries = await audit.db.selectFrom('audit_log').select(['actor_email', 'action', 'subject']).orderBy('id').execute();
      expect(entries).toEqual([
        { actor_email: 'command line', action: 'user.add', subject: 'rita@shop.example' },
        { actor_email: 'rita@shop.example', action: 'user.password_set', subject: 'rita@shop.example' },
        { actor_email: 'command line', action: 'user.password_link', subject: 'rita@shop.example' },
        { actor_email: 'rita@shop.example', action: 'user.password_set', subject: 'rita@shop.example' },
        { actor_email: 'command line', action: 'user.remove', subject: 'rita@shop.example' },
      ]);
    } finally {
      await audit.close();
    }
  });

  it('answers each mistake with one line on stderr and a non-zero exit', async () => {
    const cases: [string[], number, RegExp][] = [
      [['users', 'add', 'not-an-address', '--role', 'owner'], 64, /^vouch: "not-an-address" is not an email address \(see npm run vouch -- users add --help\)\n$/],
      [['users', 'add', 'a@shop.example', '--role', 'admin'], 64, /^vouch: --role must be owner or reviewer/],
      [['users', 'add', 'a@shop.example', '--role', 'reviewer'], 64, /^vouch: --sites is required for a reviewer \(sites: cli-shop\)/],
      [['users', 'add', 'a@shop.example', '--role', 'reviewer', '--sites', 'nope'], 1, /^vouch: no site nope in this collector's configuration \(sites: cli-shop\)\n$/],
      [['users', 'add', 'a@shop.example', '--role', 'owner', '--colour', 'red'], 64, /^vouch: unknown option '--colour' \(see npm run vouch -- users add --help\)\n$/],
      [['users', 'remove', 'ghost@shop.example'], 1, /^vouch: no console user has the address ghost@shop\.example\n$/],
      [['users', 'link', 'ghost@shop.example'], 1, /^vouch: no console user has the address ghost@shop\.example\n$/],
      [['users', 'link'], 64, /^vouch: users link needs the EMAIL of the user \(see npm run vouch -- users link --help\)\n$/],
      [['users', 'frobnicate'], 64, /^vouch: unknown command "users frobnicate"/],
      [['frobnicate'], 64, /^vouch: unknown command "frobnicate" \(see npm run vouch -- --help\)\n$/],
    ];
    for (const [args, code, stderr] of cases) {
      const result = await vouch(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(stderr);
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect((await vouch(['users', 'add', 'owner@shop.example', '--role', 'owner'])).code).toBe(0);
    const twice = await vouch(['users', 'add', 'OWNER@shop.example', '--role', 'owner']);
    expect(twice).toMatchObject({ code: 1, stderr: 'vouch: owner@shop.example has a console user already\n' });
    const last = await vouch(['users', 'remove', 'owner@shop.example']);
    expect(last).toMatchObject({ code: 1, stderr: 'vouch: owner@shop.example is the last owner: add another owner first\n' });
  });

  it('prints help for each command without touching the store', async () => {
    for (const args of [['--help'], ['users', '--help'], ['users', 'add', '--help'], ['users', 'link', '--help'], ['users', 'list', '--help'], ['users', 'remove', '-h']]) {
      const result = await vouch(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(/^Usage: npm run vouch -- /);
    }
    expect((await vouch(['users', 'add', '--help'])).stdout).toContain('--role owner|reviewer');
  });

  it('uses the collector\'s default SQLite file when DATABASE_URL is not set, run as its own process in the shop\'s folder', async () => {
    const added = await vouchProcess(['users', 'add', 'owner@shop.example', '--role', 'owner'], { DATABASE_URL: undefined });
    expect(added.code).toBe(0);
    expect(existsSync(join(dir, 'data', 'vouch.sqlite'))).toBe(true);
  });
});

describe('the console owner from VOUCH_ADMIN_EMAIL and VOUCH_ADMIN_PASSWORD', () => {
  // Six collector processes start one after another: on a busy machine that takes longer than one test's default.
  it('is made at start, updated idempotently on later starts, and a short password stops the start with one line', { timeout: 120_000 }, async () => {
    const admin = { VOUCH_ADMIN_EMAIL: 'Boss@Shop.example', VOUCH_ADMIN_PASSWORD: 'the first long password' };
    for (let start = 0; start < 2; start++) {
      const collector = await spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: admin });
      const signedIn = await consoleCall(collector.url, '/console/api/session', { email: 'boss@shop.example', password: 'the first long password' });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.result.user).toMatchObject({ email: 'boss@shop.example', role: 'owner', sites: 'all' });
      await collector.kill();
    }
    const changed = await spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { ...admin, VOUCH_ADMIN_PASSWORD: 'the second long password' } });
    expect((await consoleCall(changed.url, '/console/api/session', { email: 'boss@shop.example', password: 'the first long password' })).status).toBe(401);
    expect((await consoleCall(changed.url, '/console/api/session', { email: 'boss@shop.example', password: 'the second long password' })).status).toBe(200);
    await changed.kill();
    expect((await vouch(['users', 'list'])).stdout.trim().split('\n')).toHaveLength(2);
    const check = openStore(store.databaseUrl);
    try {
      const entries = await check.db.selectFrom('audit_log').select(['action']).orderBy('id').execute();
      expect(entries.map((entry) => entry.action)).toEqual(['user.add', 'user.update']);
    } finally {
      await check.close();
    }

    await expect(spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { ...admin, VOUCH_ADMIN_PASSWORD: 'short' } })).rejects.toThrow(
      /exited with 78[\s\S]*invalid environment: VOUCH_ADMIN_PASSWORD: must be at least 12 characters/,
    );
    await expect(spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { VOUCH_ADMIN_EMAIL: 'boss@shop.example' } })).rejects.toThrow(
      /exited with 78[\s\S]*VOUCH_ADMIN_EMAIL and VOUCH_ADMIN_PASSWORD go together/,
    );
    await expect(spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { CONSOLE_SESSION_IDLE_HOURS: '0' } })).rejects.toThrow(
      /exited with 78[\s\S]*CONSOLE_SESSION_IDLE_HOURS/,
    );
  });
});
