/**
 * The console's users (owners): who may sign in, with which role and sites; add someone (the
 * answer is a one-time link to hand them), make a new link for a lost password, remove someone.
 * The same as `npm run vouch -- users`, each change in the audit log.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AddUserBody, ConsoleRole, PasswordLinkResult, UsersResult } from '../../contract/console-api';
import { callApi } from '../api';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { Email } from '../components/Email';
import { NoteDialog } from '../components/NoteDialog';
import { session } from '../session';

type User = UsersResult['users'][number];
type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; users: User[] };

export function UsersPage() {
  const load = useSignal<Load>({ state: 'loading' });
  const reloads = useSignal(0);
  const link = useSignal<{ email: string; url: string; expiresAt: string } | null>(null);
  const notice = useSignal<string | null>(null);
  const removing = useSignal<User | null>(null);
  const state = session.value;
  const sites = state && state !== 'unknown' ? state.sites : [];
  const me = state && state !== 'unknown' ? state.user : null;

  useEffect(() => {
    let current = true;
    callApi<UsersResult>('GET', '/users').then(
      (result) => {
        if (current) load.value = { state: 'ready', users: result.users };
      },
      (error: unknown) => {
        if (current) load.value = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return () => {
      current = false;
    };
  }, [reloads.value]);

  const showLink = (result: PasswordLinkResult) => {
    link.value = { email: result.user.email, url: result.set_password_url, expiresAt: result.expires_at };
    notice.value = null;
    reloads.value += 1;
  };

  const newLink = async (user: User) => {
    try {
      showLink(await callApi<PasswordLinkResult>('POST', `/users/${encodeURIComponent(user.id)}/password-link`, {}));
    } catch (error) {
      notice.value = error instanceof Error ? error.message : String(error);
    }
  };

  const siteNames = (user: User) =>
    user.sites === 'all' ? 'Every site' : user.sites.map((slug) => sites.find((site) => site.slug === slug)?.name ?? slug).join(', ');

  return (
    <section class="page" aria-labelledby="users-title">
      <div class="page-header">
        <div>
          <h1 id="users-title" class="page-title">
            Users
          </h1>
          <p class="muted">Who may sign in to this console. Owners see every site and manage users; reviewers work the review queue of their sites.</p>
        </div>
        <ExportCsvLink table="users" what="every user, their role and sites" />
      </div>

      <div class="live" role="status" aria-live="polite">
        {link.value && (
          <div class="alert alert-success stack">
            <p>
              Send <strong><Email address={link.value.email} /></strong> this link to set their password. It works once, until{' '}
              {new Date(link.value.expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}:
            </p>
            <input class="input link-field" readOnly value={link.value.url} aria-label={`Set-password link for ${link.value.email}`} onFocus={(event) => (event.target as HTMLInputElement).select()} />
          </div>
        )}
        {notice.value && <p class="alert alert-error">{notice.value}</p>}
      </div>

      <AddUserForm sites={sites} onAdded={showLink} />

      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading users…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The users could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={() => (reloads.value += 1)}>
            Try again
          </button>
        </div>
      )}
      {load.value.state === 'ready' && (
        <div class="panel panel-flush">
          <table class="queue users">
            <caption class="visually-hidden">Console users</caption>
            <thead>
              <tr>
                <th scope="col" class="col-user">
                  Email
                </th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                <th scope="col">Password</th>
                <th scope="col" class="col-actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {load.value.users.map((user) => (
                <tr key={user.id} data-user={user.id}>
                  <td data-label="Email">
                    <div class="cell">
                      <Email class="strong" address={user.email} />
                      {user.id === me?.id && <span class="sub">you</span>}
                    </div>
                  </td>
                  <td data-label="Role">{user.role === 'owner' ? 'Owner' : 'Reviewer'}</td>
                  <td data-label="Sites">{siteNames(user)}</td>
                  <td data-label="Password">{user.has_password ? 'Set' : <span class="muted">Not yet</span>}</td>
                  <td class="col-actions">
                    <div class="row-actions">
                      <button type="button" class="button button-small button-secondary" aria-label={`New link for ${user.email}`} onClick={() => void newLink(user)}>
                        New link
                      </button>
                      {user.id !== me?.id && (
                        <button type="button" class="button button-small button-danger-outline" aria-label={`Remove ${user.email}`} onClick={() => (removing.value = user)}>
                          Remove
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {removing.value && (
        <NoteDialog
          title={`Remove ${removing.value.email}?`}
          confirmLabel="Remove"
          tone="danger"
          noteField={false}
          onConfirm={async () => {
            const user = removing.value!;
            await callApi('DELETE', `/users/${encodeURIComponent(user.id)}`);
            link.value = null;
            notice.value = null;
            reloads.value += 1;
          }}
          onClose={() => (removing.value = null)}
        >
          <p>They are signed out everywhere at once and can no longer sign in. You can add them again later.</p>
        </NoteDialog>
      )}
    </section>
  );
}

function AddUserForm(props: { sites: { slug: string; name: string }[]; onAdded: (result: PasswordLinkResult) => void }) {
  const role = useSignal<ConsoleRole>('reviewer');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const email = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const chosen = [...form.current!.querySelectorAll<HTMLInputElement>('input[name=site]:checked')].map((box) => box.value);
    const body: AddUserBody = { email: email.current!.value.trim(), role: role.value, ...(role.value === 'reviewer' ? { sites: chosen } : {}) };
    if (!body.email) {
      error.value = 'Enter the email address of the person to add.';
      email.current!.focus();
      return;
    }
    if (role.value === 'reviewer' && chosen.length === 0) {
      error.value = 'Choose at least one site for a reviewer.';
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      const result = await callApi<PasswordLinkResult>('POST', '/users', body);
      form.current!.reset();
      role.value = 'reviewer';
      props.onAdded(result);
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form ref={form} class="panel add-user" onSubmit={submit} noValidate aria-labelledby="add-user-title">
      <h2 id="add-user-title" class="section-title">
        Add a user
      </h2>
      {error.value && (
        <p class="alert alert-error" role="alert">
          {error.value}
        </p>
      )}
      <div class="add-user-fields">
        <label class="field">
          <span class="field-label">Email</span>
          <input ref={email} class="input" type="email" name="email" autocomplete="off" required />
        </label>
        <label class="field">
          <span class="field-label">Role</span>
          <select class="input" name="role" value={role.value} onChange={(event) => (role.value = (event.target as HTMLSelectElement).value as ConsoleRole)}>
            <option value="reviewer">Reviewer</option>
            <option value="owner">Owner</option>
          </select>
        </label>
      </div>
      {role.value === 'reviewer' && (
        <fieldset class="fieldset">
          <legend class="field-label">Sites they review</legend>
          <div class="choices">
            {props.sites.map((site) => (
              <label key={site.slug} class="check">
                <input type="checkbox" name="site" value={site.slug} defaultChecked={props.sites.length === 1} />
                <span>{site.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {busy.value ? 'Adding…' : 'Add and get their link'}
      </button>
    </form>
  );
}
