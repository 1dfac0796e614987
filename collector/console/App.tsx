/**
 * Which screen shows: the set-password page for a one-time link (signed in or not), the sign-in
 * form for anyone not signed in, else the shell with the page the path names. Signing in lands on
 * the review queue, not the overview: what waits for a person is the first thing to act on, and
 * the overview is one click away at the top of the navigation.
 */
import { useEffect } from 'preact/hooks';
import { Shell } from './components/Shell';
import { AdvocatePage } from './pages/AdvocatePage';
import { AdvocatesPage } from './pages/AdvocatesPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { LookupPage } from './pages/LookupPage';
import { OverviewPage } from './pages/OverviewPage';
import { UsersPage } from './pages/UsersPage';
import { CouponsPage } from './pages/CouponsPage';
import { EmailPage } from './pages/EmailPage';
import { SettingsPage } from './pages/SettingsPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReviewQueuePage } from './pages/ReviewQueuePage';
import { SetPasswordPage } from './pages/SetPasswordPage';
import { SignInPage } from './pages/SignInPage';
import { currentPath, navigate } from './router';
import { session } from './session';

export function App() {
  const path = currentPath.value;
  const state = session.value;
  useEffect(() => {
    if (state && state !== 'unknown' && (path === '/' || path === '/sign-in')) navigate('/review', { replace: true });
  }, [path, state]);

  if (path === '/set-password') return <SetPasswordPage />;
  if (state === 'unknown') {
    return (
      <main class="centered" aria-busy="true">
        <p class="muted">Loading the console…</p>
      </main>
    );
  }
  if (!state) return <SignInPage />;
  const owner = state.user.role === 'owner';
  const advocate = /^\/advocates\/([^/]+)$/.exec(path)?.[1];
  const page =
    path === '/review' || path === '/' || path === '/sign-in' ? (
      <ReviewQueuePage />
    ) : path === '/overview' ? (
      <OverviewPage />
    ) : path === '/lookup' ? (
      <LookupPage />
    ) : path === '/advocates' ? (
      <AdvocatesPage />
    ) : path === '/campaigns' ? (
      <CampaignsPage />
    ) : advocate ? (
      <AdvocatePage advocate={decodeURIComponent(advocate)} />
    ) : path === '/audit' && owner ? (
      <AuditLogPage />
    ) : path === '/users' && owner ? (
      <UsersPage />
    ) : path === '/coupons' ? (
      <CouponsPage />
    ) : path === '/webhooks' ? (
      <WebhooksPage />
    ) : path === '/email' ? (
      <EmailPage />
    ) : path === '/settings' && owner ? (
      <SettingsPage />
    ) : (
      <NotFoundPage />
    );
  return <Shell>{page}</Shell>;
}
