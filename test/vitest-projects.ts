import { Socket } from 'node:net';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/** Where the PostgreSQL suite runs; each test makes its own schema there. */
export const TEST_POSTGRES_URL = process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const COLLECTOR_TESTS = ['test/collector/**/*.test.ts', 'collector/**/*.test.ts'];

/**
 * The test projects: the collector suite on SQLite, the same suite again on PostgreSQL, the
 * widget's unit tests in happy-dom, the demo shop's servers over HTTP, and the Chromium suites. Without a PostgreSQL server the
 * PostgreSQL project is left out with a clear message — except under CI=true, where it runs
 * and fails, because CI must prove both stores.
 */
export async function testProjects(): Promise<TestProjectInlineConfiguration[]> {
  const postgresUp = await canConnect(TEST_POSTGRES_URL);
  const runPostgres = postgresUp || process.env.CI === 'true';
  if (!runPostgres) {
    console.warn(`\n[vouch] PostgreSQL suite SKIPPED: no server at ${new URL(TEST_POSTGRES_URL).host} (set VOUCH_TEST_POSTGRES_URL)\n`);
  }
  const collector = (name: string, env: Record<string, string>): TestProjectInlineConfiguration => ({
    extends: true,
    test: {
      name,
      environment: 'node',
      include: COLLECTOR_TESTS,
      testTimeout: 30_000,
      hookTimeout: 30_000,
      env,
    },
  });
  return [
    collector('collector:sqlite', { VOUCH_TEST_STORE: 'sqlite' }),
    ...(runPostgres ? [collector('collector:postgres', { VOUCH_TEST_STORE: 'postgres', VOUCH_TEST_POSTGRES_URL: TEST_POSTGRES_URL })] : []),
    {
      extends: true,
      test: { name: 'widget', environment: 'happy-dom', include: ['widget/**/*.test.{ts,tsx}'] },
    },
    {
      extends: true,
      test: { name: 'demo', environment: 'node', include: ['test/demo/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
    },
    {
      extends: true,
      test: {
        name: 'soak',
        environment: 'node',
        include: ['test/soak/**/*.test.ts'],
        testTimeout: 180_000,
        hookTimeout: 60_000,
        // After every other project, so that the minute of load is measured on a quiet machine.
        sequence: { groupOrder: 1 },
      },
    },
    {
      extends: true,
      test: {
        name: 'browser',
        environment: 'node',
        include: ['test/browser/**/*.test.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Each file starts its own collector and Chromium, so its files run beside the collector
        // suites (a project with file parallelism off would run alone, after all the others).
        // A page may answer a moment later on a busy machine: polls wait up to 10 s.
        expect: { poll: { timeout: 10_000 } },
      },
    },
  ];
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 5432), hostname, () => done(true));
  });
}
