import type { Controller } from '../controller';
import { fill } from '../strings';

/**
 * The advocate's referrals and rewards under their offer, for `vouch('dashboard', {token})`.
 * The reasons come in words from the collector; the widget only lays them out. A file of its own,
 * fetched only by a page that shows the dashboard (see dashboard-component.ts).
 */
export function Dashboard({ controller }: { controller: Controller }) {
  const { referrals, rewards, totals } = controller.dashboard.value!;
  const s = controller.strings.value as Record<string, string>;
  const list = <T extends { created_at: string; status: string }>(items: T[], title: string, name: (item: T) => string, detail: (item: T) => string | null, badge: (status: string) => string | undefined = (status) => s[status]) => (
    <>
      <h3 class="label">{title}</h3>
      <ul>
        {items.map((item) => (
          <li>
            <span class="line">
              <span class="label">{name(item)}</span>
              <span class="hint">{new Date(item.created_at).toLocaleDateString(controller.locale.value, { dateStyle: 'medium', timeZone: 'UTC' })}</span>
            </span>
            <span class={`badge ${item.status}`}>{badge(item.status) ?? item.status}</span>
            {detail(item)}
          </li>
        ))}
      </ul>
    </>
  );
  return (
    <div class="dashboard">
      <p class="hint">{fill(s.totals!, totals)}</p>
      {list(referrals, s.referrals!, (referral) => referral.friend, (referral) => referral.reason, (status) => s[`referral_${status}`] ?? s[status])}
      {list(rewards, s.rewards!, (reward) => reward.description, (reward) => reward.coupon_code)}
    </div>
  );
}
