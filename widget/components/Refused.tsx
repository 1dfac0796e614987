import type { Controller } from '../controller';

/** A dashboard token the collector refused (wrong, expired): said plainly, with the way to sign in by email. */
export function Refused({ controller }: { controller: Controller }) {
  const s = controller.strings.value;
  return (
    <section class="card" role="alert">
      <p>{s.signInAgain}</p>
      <a class="more" href={controller.dashboardUrl}>
        {s.seeReferrals}
      </a>
    </section>
  );
}
