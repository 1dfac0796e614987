import { test } from 'vitest';
import { startCollector, type TestCollector, type TestCollectorOptions } from './collector';

/**
 * A vitest `test` with a `collector` fixture: one test collector for the whole file, started with
 * `options` when the first test asks for it and cleaned up (store dropped, data folder deleted)
 * after the file's last test. Tests in the file share its rows, so each picks its own emails and
 * order numbers.
 */
export function collectorTest(options: TestCollectorOptions = {}) {
  return test.extend('collector', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestCollector> => {
    const collector = await startCollector(options);
    onCleanup(() => collector.cleanup());
    return collector;
  });
}

/**
 * Like `collectorTest`, but every test gets a collector of its own on an empty store: for tests
 * that count rows or need a clean slate.
 */
export function freshCollectorTest(options: TestCollectorOptions = {}) {
  return test.extend('collector', async ({}, { onCleanup }): Promise<TestCollector> => {
    const collector = await startCollector(options);
    onCleanup(() => collector.cleanup());
    return collector;
  });
}
