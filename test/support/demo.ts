import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../collector/logger';
import { startDemo, type RunningDemo } from '../../demo/start-demo';

/** The whole demo (collector, shop, mail sink) on free ports and a fresh data folder. */
export async function startTestDemo(): Promise<RunningDemo & { cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-demo-'));
  const demo = await startDemo({ collectorPort: 0, shopPort: 0, smtpPort: 0, dataDir, logger: silentLogger, hostname: '127.0.0.1' });
  return {
    ...demo,
    cleanup: async () => {
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
