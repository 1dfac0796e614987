/**
 * The frame around every signed-in page: the product name, the site switcher (for someone who
 * may see more than one site), the navigation (a side bar on a desktop, a menu behind a button on
 * a phone), who is signed in, and signing out here or everywhere.
 */
import type { ComponentChildren } from 'preact';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { currentPath } from '../router';
import { chooseSite, currentSite, session, signOut } from '../session';
import { Email } from './Email';
import { Link } from './Link';

/** The console's pages; `owner` ones are shown to owners only (the collector refuses them to reviewers too). */
const PAGES = [
  // Insight: what happened, for whom, who brings the most, and how an experiment's variants compare.
  { path: '/overview', label: 'Overview', owner: false },
  { path: '/review', label: 'Review queue', owner: false },
  { path: '/lookup', label: 'Look-up', owner: false },
  { path: '/advocates', label: 'Advocates', owner: false },
  { path: '/campaigns', label: 'Campaigns', owner: false },
  // Coupons, web hooks, email and settings (reviewers read the first three; owners change them).
  { path: '/coupons', label: 'Coupons', owner: false },
  { path: '/webhooks', label: 'Web hooks', owner: false },
  { path: '/email', label: 'Email', owner: false },
  { path: '/settings', label: 'Settings', owner: true },
  // Accounts.
  { path: '/users', label: 'Users', owner: true },
  { path: '/audit', label: 'Audit log', owner: true },
];

export function Shell(props: { children: ComponentChildren }) {
  const menuOpen = useSignal(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const state = session.value;
  const user = state && state !== 'unknown' ? state.user : null;
  const sites = state && state !== 'unknown' ? state.sites : [];
  const site = currentSite.value;

  // A new page: the keyboard and screen readers start at its content, as after a page load.
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    document.getElementById('content')?.focus();
  }, [currentPath.value]);

  // Escape closes the phone menu and gives focus back to its button.
  useEffect(() => {
    if (!menuOpen.value) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      menuOpen.value = false;
      menuButton.current?.focus();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [menuOpen.value]);

  return (
    <div class={`shell${menuOpen.value ? ' menu-open' : ''}`}>
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="topbar">
        <button
          ref={menuButton}
          type="button"
          class="button button-ghost menu-button"
          aria-expanded={menuOpen.value}
          aria-controls="console-nav"
          onClick={() => (menuOpen.value = !menuOpen.value)}
        >
          <span class="menu-icon" aria-hidden="true" />
          Menu
        </button>
        <p class="brand">
          <span class="brand-mark" aria-hidden="true">
            V
          </span>
          Vouch
        </p>
        {sites.length > 1 ? (
          <label class="site-switcher">
            <span class="field-label">Site</span>
            <select class="input input-compact" value={site?.slug} onChange={(event) => chooseSite((event.target as HTMLSelectElement).value)}>
              {sites.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          site && <p class="site-name">{site.name}</p>
        )}
      </header>
      <nav id="console-nav" class="sidebar" aria-label="Console">
        <ul class="nav-list">
          {PAGES.filter((page) => !page.owner || user?.role === 'owner').map((page) => (
            <li key={page.path}>
              <Link href={page.path} class="nav-link" current={currentPath.value === page.path || currentPath.value.startsWith(`${page.path}/`)} onNavigate={() => (menuOpen.value = false)}>
                {page.label}
              </Link>
            </li>
          ))}
        </ul>
        {user && (
          <div class="account">
            <p class="account-label">Signed in as</p>
            <p class="account-email">
              <Email address={user.email} />
            </p>
            <p class="account-role">{user.role === 'owner' ? 'Owner' : 'Reviewer'}</p>
            <div class="account-actions">
              <button type="button" class="button button-secondary" onClick={() => void signOut(false)}>
                Sign out
              </button>
              <button type="button" class="button button-ghost" onClick={() => void signOut(true)}>
                Sign out everywhere
              </button>
            </div>
          </div>
        )}
      </nav>
      <main id="content" class="content" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
