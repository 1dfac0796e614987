import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVouch } from '../../collector/cli/run-vouch';
import { processSite, writeConfigFile } from '../support/collector-process';

const CLI = join(import.meta.dirname, '../../collector/cli/vouch.ts');
const TSX = import.meta.resolve('tsx');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-check-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run vouch -- check-config …` in this process, on the given environment only. */
async function checkConfig(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVouch(['check-config', ...args], { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const shop = processSite('my-store', 'sk_live_0123456789abcdef0123');
const other = processSite('my-other-store', 'sk_live_fedcba9876543210fedc');

describe('npm run vouch -- check-config [FILE]', () => {
  it('says a valid file is valid and names its sites, from FILE or from VOUCH_CONFIG', async () => {
    const path = writeConfigFile(dir, { sites: [shop, other] });
    expect(await checkConfig([path])).toEqual({
      code: 0,
      out: [`${path} is valid: 2 sites (my-store, my-other-store); the environment is valid too.`],
      err: [],
    });
    expect((await checkConfig([], { VOUCH_CONFIG: path })).out).toEqual([`${path} is valid: 2 sites (my-store, my-other-store); the environment is valid too.`]);
  });

  it('names the first bad field of an invalid file, in one line, with the start’s exit code 78', async () => {
    const path = writeConfigFile(dir, { sites: [{ ...shop, destination_url: 'https://elsewhere.example/' }] });
    expect(await checkConfig([path])).toEqual({
      code: 78,
      out: [],
      err: ['vouch: invalid site configuration: sites.0.destination_url: its host is not in allowed_hosts'],
    });
  });

  it("names a campaign's bad variant by the campaign's and the variant's places", async () => {
    const campaigns = [
      { id: 'spring', slug: 'spring-sale', tags: ['spring'], placement: 'post-purchase' },
      { id: 'holiday', slug: 'holiday-double', tags: ['holiday'], placement: 'post-purchase', variants: [{ id: 'control', weight: 1 }, { id: 'double', weight: -1 }] },
    ];
    const path = writeConfigFile(dir, { sites: [{ ...shop, campaigns }] });
    expect(await checkConfig([path])).toEqual({ code: 78, out: [], err: ['vouch: invalid site configuration: sites.0.campaigns.1.variants.1.weight: must be more than 0'] });
  });

  it('refuses a file that is not JSON, one that is not there, and a secret variable that is not set', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"sites": [');
    const notJson = await checkConfig([broken]);
    expect(notJson.code).toBe(78);
    expect(notJson.err).toEqual([expect.stringMatching(new RegExp(`^vouch: site configuration ${broken} is not valid JSON: `))]);

    const missing = await checkConfig([join(dir, 'nope.json')]);
    expect(missing.code).toBe(78);
    expect(missing.err).toEqual([expect.stringMatching(/^vouch: cannot read site configuration \S+nope\.json: ENOENT/)]);

    const fromEnv = writeConfigFile(dir, { sites: [{ ...shop, api_key: undefined, api_key_env: 'MY_STORE_KEY' }] });
    const unset = await checkConfig([fromEnv]);
    expect(unset.code).toBe(78);
    expect(unset.err).toEqual([expect.stringMatching(/^vouch: invalid site configuration: sites\.0\.api_key_env: .*MY_STORE_KEY/)]);
    expect((await checkConfig([fromEnv], { MY_STORE_KEY: 'sk_live_from_the_environment_0123' })).code).toBe(0);
  });

  it('checks the environment too, naming the variable', async () => {
    const path = writeConfigFile(dir, { sites: [shop] });
    expect(await checkConfig([path], { PORT: 'eighty' })).toEqual({ code: 78, out: [], err: ['vouch: invalid environment: PORT: must be a whole number'] });
  });

  it('asks for a file when given none, and explains itself with --help', async () => {
    expect(await checkConfig([])).toEqual({
      code: 64,
      out: [],
      err: ['vouch: check-config needs a FILE, or VOUCH_CONFIG set to one (see npm run vouch -- check-config --help)'],
    });
    const help = await checkConfig(['--help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: npm run vouch -- check-config \[FILE\]\n/);
  });

  it('runs as its own process: one line on stderr and exit code 78 for a bad file', async () => {
    const path = writeConfigFile(dir, { sites: [{ ...shop, allowed_hosts: [] }] });
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', TSX, CLI, 'check-config', path], { cwd: dir }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^vouch: invalid site configuration: sites\.0\.allowed_hosts: [^\n]+\n$/);
  });
});
