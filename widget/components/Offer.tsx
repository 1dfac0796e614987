import type { Controller } from '../controller';
import { CopyLink } from './CopyLink';
import { EmailShareForm } from './EmailShareForm';
import { ShareButtons } from './ShareButtons';

/**
 * The offer card: both rewards, the advocate's link, the share buttons, and the email form when
 * the offer can send invites (the merchant vouched for it: it came with a share key).
 */
export function Offer({ controller }: { controller: Controller }) {
  const { offer, campaign } = controller.view.value!;
  const { friend_reward, advocate_reward } = campaign;
  const s = controller.strings.value;
  const Dashboard = controller.dashboardComponent.value;
  return (
    <section class="card" aria-labelledby="vouch-headline">
      {controller.headline.value !== s.eyebrow && <p class="eyebrow">{s.eyebrow}</p>}
      <h2 id="vouch-headline">{controller.headline.value}</h2>
      <dl class="rewards">
        <div>
          <dt>{s.friendGets}</dt>
          <dd>{friend_reward.incentive_description}</dd>
        </div>
        <div>
          <dt>{s.youGet}</dt>
          <dd>{advocate_reward.incentive_description}</dd>
        </div>
      </dl>
      <CopyLink controller={controller} />
      <ShareButtons controller={controller} />
      {(offer.share_key || controller.config.value.shareKey) && <EmailShareForm controller={controller} />}
      {Dashboard && controller.dashboard.value ? (
        <Dashboard controller={controller} />
      ) : (
        controller.config.value.dashboardLink !== false && (
          <a class="more" href={controller.dashboardUrl}>
            {s.seeReferrals}
          </a>
        )
      )}
    </section>
  );
}
