import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from './loader-contract';
import { start } from './main';
import type { VouchError } from './vouch-error';

const args = (...values: unknown[]) => values as Command;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the widget module', () => {
  it('reports a collector that is down to on("error") and shows nothing', async () => {
    const errors: VouchError[] = [];
    start({
      queue: [args('on', 'error', (error: VouchError) => errors.push(error)), args('purchase', { email: 'a@b.co', order_number: '1', subtotal: 5 })],
      scriptUrl: 'http://127.0.0.1:9/widget/loader.js',
      site: 'my-store',
    });
    // Waits for the refused connection, however busy the machine is.
    await expect.poll(() => errors.map((error) => error.code)).toEqual(['network']);
    expect(document.querySelector('vouch-widget')).toBeNull();
  });

  it('reports calls it does not understand, and callbacks that throw, without throwing', () => {
    const errors: string[] = [];
    const run = start({ queue: [args('on', 'error', (error: VouchError) => errors.push(error.code))], scriptUrl: 'http://127.0.0.1:9/', site: 's' });
    run(args('purchase', 'not an object'));
    run(args('dance'));
    run(args('on', 'claim', () => {
      throw new Error('merchant bug');
    }));
    expect(errors).toEqual(['invalid_command', 'invalid_command']);
  });

  it('tells claim listeners about the captured visitor uuid, even ones added later', () => {
    const heard: string[] = [];
    const run = start({
      queue: [args('on', 'claim', ({ uuid }: { uuid: string }) => heard.push(`queued ${uuid}`))],
      scriptUrl: 'http://127.0.0.1:9/',
      site: 's',
      capturedUuid: '0193c2b4-7f1e',
    });
    run(args('on', 'claim', ({ uuid }: { uuid: string }) => heard.push(`later ${uuid}`)));
    expect(heard).toEqual(['queued 0193c2b4-7f1e', 'later 0193c2b4-7f1e']);
  });
});
