/**
 * The merchant console in real Chromium against the real collector, at a desktop and a phone
 * size: sign in (a wrong password first), the review queue with referrals made through the API,
 * approve one with a note using only the keyboard, void two at once, long emails that stay on
 * screen, sign out. axe-core checks every page and state; screenshots of each go to
 * test/artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { followClaimLink } from '../support/claim-link';
import { purchase, type TestCollector, startCollector } from '../support/collector';
import { COMMAND_LINE_ACTOR } from '../../collector/domain/audit-log';
import { addUser } from '../../collector/domain/console-accounts';
import { accessibilityViolations, outsideViewport, SIZES, tabTo, watchedPage } from '../support/console-page';
import { FAST_OUTBOX, makeReferral, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/console');
const OWNER = { email: 'owner@shop.example', password: 'a long console password' };

describe.skipIf(!browserSuitesRun('console'))('the merchant console in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The shop's own web hook endpoint: an approval is delivered to it, and the console shows so.
    receiver = await startWebhookReceiver();
    collector = await startCollector({
      admin: OWNER,
      site: webhookSite(receiver.url),
      outbox: FAST_OUTBOX,
      // A second shop on the same collector: the owner sees both and switches between them.
      extraSites: [{ site_slug: 'second-shop', name: 'Second Shop', api_key: `sk_test_${'b'.repeat(24)}`, allowed_hosts: ['second.example'], destination_url: 'https://second.example/welcome' }],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await receiver?.close();
  });

  for (const size of SIZES) {
    it(`signs in, approves by keyboard, voids in bulk and signs out at ${size.name} size`, async () => {
      const tag = size.name;
      // An advocate email of 60+ characters: it must wrap, never push a button off screen.
      const longAdvocate = `alexandra.konstantinopoulou-whitfield.${tag}+referrals@example-store.co.uk`;
      expect(longAdvocate.length).toBeGreaterThanOrEqual(60);
      const approveFriend = `bob.${tag}@example.com`;
      const voidFriends = [`carol.${tag}@example.com`, `dan.${tag}@example.com`];
      const approved = await makeReferral(collector, { advocate: longAdvocate, friend: approveFriend, order: `F-${tag}-1`, subtotal: 42.5 });
      for (const [index, friend] of voidFriends.entries()) await makeReferral(collector, { advocate: `ann.${tag}@example.com`, friend, order: `F-${tag}-${index + 2}` });
      // A self-referral: the advocate buys again through their own link, with the same email. Blocked.
      const selfReferrer = `sam.${tag}@example.com`;
      const first = await collector.post('/api/v2/origins', purchase(collector, { email: selfReferrer, order_number: `S-${tag}-1`, subtotal: 30 }));
      const { uuid } = await followClaimLink(first.body.result.offer.claim_url);
      const again = await collector.post('/api/v2/origins', purchase(collector, { email: selfReferrer, order_number: `S-${tag}-2`, subtotal: 30, uuid }));
      expect(again.body.result.referral.status).toBe('blocked');

      const { context, page, problems } = await watchedPage(browser, size.options);
      const shot = (step: string) => page.screenshot({ path: join(ARTIFACTS, `${tag}-${step}.png`), fullPage: true });
      const checked = async (step: string) => {
        await shot(step);
        expect(await accessibilityViolations(page), `axe-core on ${step}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${step} scrolls sideways`).toBe(true);
      };

      // 1. Not signed in: the sign-in form, whatever console page was asked for.
      await page.goto(`${collector.url}/console/review`);
      await page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
      await checked('1-sign-in');

      // 2. Failed tries slow down: after a few for one account, the form says how long to wait.
      await page.getByLabel('Email').fill(`someone.${tag}@shop.example`);
      const signInButton = page.getByRole('button', { name: 'Sign in' });
      for (let tries = 0; tries < 10; tries++) {
        await page.getByLabel('Password').fill(`guess number ${tries}`);
        await signInButton.click();
        await expect.poll(() => signInButton.isEnabled()).toBe(true);
        if (/Too many/.test((await page.getByRole('alert').textContent()) ?? '')) break;
      }
      expect(await page.getByRole('alert').textContent()).toMatch(/^Too many failed attempts\. Wait \d+ (seconds?|minutes?) and try again\.$/);
      await checked('2a-sign-in-wait');

      // A wrong password: one generic message, the same a wrong email gets.
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
      await checked('2-sign-in-error');

      // 3. Signed in: the review queue with the pending referrals, the signed-in email in the shell.
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const row = page.locator('tr[data-referral]', { hasText: approveFriend });
      await row.waitFor();
      expect(await row.textContent()).toContain(longAdvocate);
      expect(await row.textContent()).toContain(`F-${tag}-1`);
      expect(await row.getAttribute('data-referral')).toBe(approved.referral.id);
      for (const friend of voidFriends) await page.locator('tr[data-referral]', { hasText: friend }).waitFor();
      expect(await outsideViewport(row.locator('td, button, .email, input'))).toEqual([]);
      await checked('3-review-queue');
      // The site switcher: the other shop's queue is its own (empty), and back.
      const siteSwitcher = page.getByLabel('Site');
      await siteSwitcher.selectOption({ label: 'Second Shop' });
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No referrals waiting.');
      await checked('3b-other-site');
      await siteSwitcher.selectOption({ label: 'Test Shop' });
      await row.waitFor();
      // The network gone (the browser offline): the queue says it could not load, and Try again works once it is back.
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Blocked' }).click();
      await expect.poll(() => page.locator('.panel[role=alert]').textContent()).toContain('The collector could not be reached');
      await checked('3c-offline');
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.locator('tr[data-referral]', { hasText: selfReferrer }).waitFor();
      await page.getByRole('button', { name: 'Pending' }).click();
      await row.waitFor();
      if (tag === 'phone') {
        // The navigation is a menu on a phone: open it, see who is signed in, close it with Escape.
        const menu = page.getByRole('button', { name: 'Menu' });
        await menu.click();
        await expect.poll(() => page.locator('.account-email').isVisible()).toBe(true);
        expect(await page.locator('.account-email').textContent()).toBe(OWNER.email);
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-4-menu.png`) });
        expect(await accessibilityViolations(page), 'axe-core on the menu').toEqual([]);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('.account-email').isVisible()).toBe(false);
        expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);
      } else {
        expect(await page.locator('.account-email').textContent()).toBe(OWNER.email);
      }

      // 4. Approve with a note by keyboard alone: Tab to the row's button (focus is visible), Enter,
      // type the note, Tab to the dialog's Approve, Enter.
      const approveButton = row.getByRole('button', { name: `Approve the referral of ${approveFriend}` });
      await page.locator('body').focus();
      await tabTo(page, approveButton);
      expect(await approveButton.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Approve this referral?' });
      await dialog.waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
      await page.keyboard.type('Checked the order: paid and shipped.');
      await checked('5-approve-dialog');
      await tabTo(page, dialog.getByRole('button', { name: 'Approve', exact: true }), 5);
      await page.keyboard.press('Enter');
      await expect.poll(() => row.count()).toBe(0);
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`${approveFriend} approved`);
      // The keyboard stays on the page: focus went to the queue's heading, not to the body.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('queue-title');
      // The decision is the collector's: approved, in the audit log with who and the note.
      const status = await collector.running.services.db.selectFrom('referrals').select('status').where('id', '=', approved.referral.id).executeTakeFirstOrThrow();
      expect(status.status).toBe('approved');
      const audit = await page.evaluate(async () => (await (await fetch('/console/api/audit')).json()) as { result: { entries: { actor: { email: string }; action: string; subject: string | null; note: string | null }[] } });
      expect(audit.result.entries.find((entry) => entry.subject?.includes(approved.referral.id) || entry.note === 'Checked the order: paid and shipped.')).toMatchObject({
        actor: { email: OWNER.email },
        note: 'Checked the order: paid and shipped.',
      });
      await checked('6-approved');

      // The approval's web hook reached the shop's receiver, and the Web hooks page says Delivered.
      const approvalHook = () => collector.running.services.db.selectFrom('outbox_messages').select(['id', 'status']).where('subject_id', '=', approved.referral.id).where('event_type', '=', 'referral.approved').executeTakeFirst();
      await expect.poll(async () => (await approvalHook())?.status).toBe('delivered');
      const approvalDelivery = (await approvalHook())!;
      expect(receiver.received.some((request) => request.body.includes(approved.referral.id) && request.answeredStatus === 204)).toBe(true);
      if (tag === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Web hooks' }).click();
      await page.getByRole('heading', { name: 'Web hooks', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Delivered', exact: true }).click();
      const approvalCard = page.locator(`[data-delivery="${approvalDelivery.id}"]`);
      await approvalCard.waitFor();
      expect(await approvalCard.locator('.badge-delivered').textContent()).toBe('Delivered');
      expect(await approvalCard.textContent()).toContain('referral.approved');
      expect(await approvalCard.textContent()).toContain('HTTP 204');
      await checked('6a-approval-webhook-delivered');
      if (tag === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Review queue' }).click();
      await page.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();

      // 5. Escape closes a dialog without doing anything, and focus returns to its button.
      const voidOne = page.getByRole('button', { name: `Void the referral of ${voidFriends[0]}` });
      await voidOne.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      expect(await voidOne.evaluate((element) => element === document.activeElement)).toBe(true);

      // 6. Void two at once: tick both, the bulk bar's Void 2, confirm.
      // Ticked from the keyboard: Space on each focused checkbox.
      for (const friend of voidFriends) {
        const box = page.getByRole('checkbox', { name: new RegExp(`^Select the referral of ${friend.replace(/\./g, '\\.')}`) });
        await box.focus();
        await page.keyboard.press('Space');
        expect(await box.isChecked()).toBe(true);
      }
      await checked('7-selected');
      await page.getByRole('button', { name: 'Void 2', exact: true }).click();
      const bulk = page.getByRole('dialog', { name: 'Void 2 referrals?' });
      await bulk.waitFor();
      await checked('8-bulk-dialog');
      await bulk.getByRole('button', { name: 'Void 2' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('2 referrals voided.');
      for (const friend of voidFriends) expect(await page.locator('tr[data-referral]', { hasText: friend }).count()).toBe(0);

      // 7. Nothing left: the empty state says what happens next.
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No referrals waiting.New ones appear here when a referred friend buys.');
      await checked('9-empty');
      await page.getByRole('button', { name: 'Blocked' }).click();

      // The blocked self-referral, with its reason in words; Unblock sends it back to the pending queue.
      const blockedRow = page.locator('tr[data-referral]', { hasText: selfReferrer });
      await blockedRow.waitFor();
      expect(await blockedRow.textContent()).toMatch(/self-referral|same email/i);
      await checked('10-blocked');
      await blockedRow.getByRole('button', { name: /^Unblock the referral of/ }).click();
      await page.getByRole('dialog', { name: 'Unblock this referral?' }).getByRole('button', { name: 'Unblock', exact: true }).click();
      await expect.poll(() => blockedRow.count()).toBe(0);
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No blocked referrals.');
      await checked('11-blocked-empty');
      await page.getByRole('button', { name: 'Pending' }).click();
      // Back among the pending, now to approve or void: a self-referral is voided.
      const unblocked = page.locator('tr[data-referral]', { hasText: selfReferrer });
      await unblocked.getByRole('button', { name: /^Void the referral of/ }).click();
      await page.getByRole('dialog', { name: 'Void this referral?' }).getByRole('button', { name: 'Void', exact: true }).click();
      await expect.poll(() => unblocked.count()).toBe(0);

      // 8. The audit log (an owner's page): the approval with its note, the two voids, by whom.
      if (tag === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Audit log' }).click();
      const approvalEntry = page.locator('tr[data-audit]', { hasText: 'Approved a referral' }).filter({ hasText: approved.referral.id });
      await approvalEntry.waitFor();
      expect(await approvalEntry.textContent()).toContain('Checked the order: paid and shipped.');
      expect(await approvalEntry.textContent()).toContain(OWNER.email);
      expect(await page.locator('tr[data-audit]', { hasText: 'Voided a referral' }).count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('tr[data-audit]', { hasText: 'Unblocked a referral' }).filter({ hasText: again.body.result.referral.id }).count()).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
      await checked('12-audit-log');

      // 9. Sign out: back to the sign-in form, and the session is gone on the collector too.
      if (tag === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
      expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(401);
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();

      // 10. The set-password page of a one-time link, and its own checks.
      await page.goto(`${collector.url}/console/set-password?token=not-a-real-token`);
      await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
      await page.getByLabel('New password').fill('short');
      await page.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Choose a password of at least 12 characters.');
      await checked('13-set-password');
      // A link that is not (or no longer) valid says what to do.
      await page.getByLabel('New password').fill('a long enough password');
      await page.getByLabel('Type it again').fill('a long enough password');
      await page.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('This link has expired or was already used. Ask an owner of this console for a new one.');

      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('lets a reviewer set a password from a one-time link, shows them only their pages, and signs out everywhere', async () => {
    // A long address (60+ characters): the shell wraps it, never pushes anything off screen.
    const reviewer = { email: 'rita.reviewer-with-a-rather-long-address.2026@customer-care.shop.example', password: 'rita has a long password' };
    expect(reviewer.email.length).toBeGreaterThanOrEqual(60);
    // What `npm run vouch -- users add … --role reviewer --sites test-shop` does, and the link it prints.
    const { token } = await addUser(collector.running.services.db, { email: reviewer.email, role: 'reviewer', sites: ['test-shop'], knownSites: ['test-shop', 'second-shop'] }, COMMAND_LINE_ACTOR);
    const problems: string[] = [];
    const open = async () => {
      const context = await browser.newContext(SIZES[0]!.options);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      return { context, page };
    };
    const signIn = async (page: Page) => {
      await page.getByLabel('Email').fill(reviewer.email);
      await page.getByLabel('Password').fill(reviewer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    };

    const first = await open();
    await first.page.goto(`${collector.url}/console/set-password?token=${token}`);
    await first.page.getByLabel('New password').fill(reviewer.password);
    await first.page.getByLabel('Type it again').fill(reviewer.password);
    await first.page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => first.page.getByRole('status').textContent()).toBe('Your password is set.');
    await first.page.screenshot({ path: join(ARTIFACTS, 'desktop-14-password-set.png'), fullPage: true });
    expect(await accessibilityViolations(first.page)).toEqual([]);
    await first.page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(first.page);
    // A reviewer of one site: no site switcher, no audit log in the navigation, nor at its address.
    expect(await first.page.getByLabel('Site').count()).toBe(0);
    expect(await first.page.locator('.site-name').textContent()).toBe('Test Shop');
    expect(await first.page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await first.page.locator('.account-role').textContent()).toBe('Reviewer');
    expect(await first.page.locator('.account-email').textContent()).toBe(reviewer.email);
    expect(await outsideViewport(first.page.locator('.account-email, .account button, .topbar *'))).toEqual([]);
    const [emailBox, sidebarBox] = await Promise.all([first.page.locator('.account-email').boundingBox(), first.page.locator('.sidebar').boundingBox()]);
    expect(emailBox!.x + emailBox!.width).toBeLessThanOrEqual(sidebarBox!.x + sidebarBox!.width);
    await first.page.screenshot({ path: join(ARTIFACTS, 'desktop-15-reviewer.png'), fullPage: true });
    expect(await accessibilityViolations(first.page)).toEqual([]);
    await first.page.goto(`${collector.url}/console/audit`);
    await first.page.getByRole('heading', { name: 'Page not found' }).waitFor();
    // The one-time link does not work twice.
    expect(await first.page.evaluate(async (used) => (await fetch('/console/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: used, password: 'another long password' }) })).status, token)).toBeGreaterThanOrEqual(400);

    // Signed in on a second device too; "Sign out everywhere" on the first ends both.
    const second = await open();
    await second.page.goto(`${collector.url}/console`);
    await signIn(second.page);
    await first.page.getByRole('link', { name: 'Go to the review queue' }).click();
    await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await first.page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
    // The second device finds out at its next call, and shows the sign-in form.
    await second.page.getByRole('button', { name: 'Blocked' }).click();
    await second.page.getByRole('heading', { name: 'Sign in to your console' }).waitFor();
    expect(await second.page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(401);

    for (const { context } of [first, second]) await context.close();
    expect(problems).toEqual([]);
  });

  it('lets an owner add a reviewer, hand over their one-time link, and remove them, at both sizes', async () => {
    for (const size of SIZES) {
      const tag = size.name;
      const newcomer = `una.${tag}@shop.example`;
      const problems: string[] = [];
      const context = await browser.newContext(size.options);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      const checked = async (step: string) => {
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-${step}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `axe-core on ${step}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${step} scrolls sideways`).toBe(true);
      };
      await page.goto(`${collector.url}/console/users`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await page.locator('tr[data-user]', { hasText: OWNER.email }).waitFor();
      await checked('16-users');

      // Add a reviewer of one site: the answer is the link to hand over, and they are listed without a password yet.
      await page.getByLabel('Email', { exact: true }).fill(newcomer);
      await page.getByLabel('Role').selectOption('reviewer');
      await page.getByRole('checkbox', { name: 'Test Shop' }).check();
      await page.getByRole('button', { name: 'Add and get their link' }).click();
      const linkField = page.getByLabel(`Set-password link for ${newcomer}`);
      await linkField.waitFor();
      const url = await linkField.inputValue();
      expect(url).toMatch(new RegExp(`/console/set-password\\?token=[\\w-]{20,}$`));
      const row = page.locator('tr[data-user]', { hasText: newcomer });
      await expect.poll(() => row.textContent()).toContain('Not yet');
      expect(await row.textContent()).toContain('Reviewer');
      expect(await row.textContent()).toContain('Test Shop');
      await checked('17-user-added');

      // The link works: they set their password there.
      const theirs = await browser.newContext(size.options);
      const theirPage = await theirs.newPage();
      await theirPage.goto(url);
      await theirPage.getByLabel('New password').fill('una has a long password');
      await theirPage.getByLabel('Type it again').fill('una has a long password');
      await theirPage.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => theirPage.getByRole('status').textContent()).toBe('Your password is set.');
      await theirs.close();
      await page.reload();
      await expect.poll(() => row.textContent()).toContain('Set');

      // Remove them: a confirmation, then they are gone from the list.
      await row.getByRole('button', { name: `Remove ${newcomer}` }).click();
      const confirm = page.getByRole('dialog', { name: `Remove ${newcomer}?` });
      await confirm.waitFor();
      await checked('18-remove-user');
      await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
      await expect.poll(() => row.count()).toBe(0);
      // Nobody removes themselves from here.
      expect(await page.locator('tr[data-user]', { hasText: OWNER.email }).getByRole('button', { name: /^Remove/ }).count()).toBe(0);

      await context.close();
      expect(problems).toEqual([]);
    }
  }, 120_000);
});
