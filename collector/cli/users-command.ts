import { parseArgs } from 'node:util';
import { COMMAND_LINE_ACTOR } from '../domain/audit-log';
import { addUser, listConsoleUsers, newPasswordLink, PASSWORD_LINK_LIFETIME_IN_MS, removeUser } from '../domain/console-accounts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/tables';

/** What a command needs from the collector it manages. */
export interface CommandContext {
  db: Kysely<Database>;
  /** The slugs of the sites the collector serves. */
  siteSlugs: readonly string[];
  /** How browsers reach the collector (PUBLIC_URL): the set-password link starts with it. */
  publicUrl: string;
  out: (line: string) => void;
}

/** A mistake in how a command was typed: its message, and the command whose --help explains it. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** "users add", "users"... */
    readonly command: string,
  ) {
    super(message);
  }
}

export const USERS_HELP = `Usage: npm run vouch -- users <command>

Manage who signs in to the merchant console.

Commands:
  add EMAIL --role owner|reviewer [--sites a,b]   add a user; prints a one-time link to set a password
  link EMAIL                                     print a new set-password link (lost password, expired link)
  list                                           list the users, their roles and sites
  remove EMAIL                                   remove a user and end their sessions

Run "npm run vouch -- users <command> --help" for a command's options.`;

const ADD_HELP = `Usage: npm run vouch -- users add EMAIL --role owner|reviewer [--sites a,b]

Adds a console user and prints a link to set their password: it works once, for 24 hours.
  --role owner      everything, on every site, users included
  --role reviewer   the review queue of the sites named with --sites
  --sites a,b       the site slugs a reviewer may see (required for reviewers)`;

const LINK_HELP = `Usage: npm run vouch -- users link EMAIL

Prints a new one-time link for the user to set their password (a lost password, or a link that
expired): it works once, for 24 hours. Their current password works until the link is used.`;

const LIST_HELP = `Usage: npm run vouch -- users list

Lists the console users: address, role, sites, and whether they have set a password.`;

const REMOVE_HELP = `Usage: npm run vouch -- users remove EMAIL

Removes a console user and ends every session they have. The last owner cannot be removed.`;

const HELP_OF: Record<string, string> = { add: ADD_HELP, link: LINK_HELP, list: LIST_HELP, remove: REMOVE_HELP };
const HELP_FLAGS = ['--help', '-h', 'help'];

/** The help `users …` asks for, if it asks for help (no store is opened for it). */
export function usersHelp(args: readonly string[]): string | undefined {
  const [command, ...rest] = args;
  if (command === undefined || HELP_FLAGS.includes(command)) return USERS_HELP;
  if (rest.some((arg) => arg === '--help' || arg === '-h')) return HELP_OF[command] ?? USERS_HELP;
  return undefined;
}

/** Runs `users …` (the arguments after "users"). */
export async function runUsersCommand(args: string[], context: CommandContext): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'add') return add(rest, context);
  if (command === 'link') return link(rest, context);
  if (command === 'list') return list(rest, context);
  if (command === 'remove') return remove(rest, context);
  throw new UsageError(`unknown command "users ${command}"`, 'users');
}

/** Options parsed, or a usage error naming what is wrong. */
function parse<O extends Record<string, { type: 'string' }>>(args: string[], command: string, options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on about positional arguments after its first sentence.
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option'), command);
  }
}

async function add(args: string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parse(args, 'users add', { role: { type: 'string' }, sites: { type: 'string' } });
  const [email, ...extra] = positionals;
  if (!email) throw new UsageError('users add needs the EMAIL of the user', 'users add');
  if (extra.length > 0) throw new UsageError(`users add takes one EMAIL, not also "${extra.join(' ')}"`, 'users add');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`"${email}" is not an email address`, 'users add');
  if (values.role !== 'owner' && values.role !== 'reviewer') throw new UsageError('--role must be owner or reviewer', 'users add');
  const sites = values.sites?.split(',').map((slug) => slug.trim()).filter(Boolean) ?? null;
  if (values.role === 'owner' && sites) throw new UsageError('--sites is for reviewers: an owner sees every site', 'users add');
  if (values.role === 'reviewer' && !sites?.length) throw new UsageError(`--sites is required for a reviewer (sites: ${context.siteSlugs.join(', ')})`, 'users add');
  const { user, token, expiresAt } = await addUser(context.db, { email, role: values.role, sites, knownSites: context.siteSlugs }, COMMAND_LINE_ACTOR);
  context.out(`Added ${user.role} ${user.email}${user.sites === 'all' ? ' (every site)' : ` (sites: ${user.sites.join(', ')})`}.`);
  printLink(context, token, expiresAt);
}

async function link(args: string[], context: CommandContext): Promise<void> {
  const { positionals } = parse(args, 'users link', {});
  const [email, ...extra] = positionals;
  if (!email) throw new UsageError('users link needs the EMAIL of the user', 'users link');
  if (extra.length > 0) throw new UsageError(`users link takes one EMAIL, not also "${extra.join(' ')}"`, 'users link');
  const { user, token, expiresAt } = await newPasswordLink(context.db, email, COMMAND_LINE_ACTOR);
  context.out(`New set-password link for ${user.email}.`);
  printLink(context, token, expiresAt);
}

function printLink(context: CommandContext, token: string, expiresAt: string): void {
  const hours = PASSWORD_LINK_LIFETIME_IN_MS / 3_600_000;
  context.out(`Send them this link to set their password. It works once, for ${hours} hours (until ${expiresAt}):`);
  context.out(`  ${context.publicUrl}/console/set-password?token=${token}`);
}

async function list(args: string[], context: CommandContext): Promise<void> {
  const { positionals } = parse(args, 'users list', {});
  if (positionals.length > 0) throw new UsageError(`users list takes no arguments, not "${positionals.join(' ')}"`, 'users list');
  const users = await listConsoleUsers(context.db);
  if (users.length === 0) {
    context.out('No console users yet. Add one: npm run vouch -- users add EMAIL --role owner');
    return;
  }
  const rows = users.map((user) => [user.email, user.role, user.sites === 'all' ? 'all' : user.sites.join(','), user.has_password ? 'yes' : 'not yet', user.created_at.slice(0, 10)]);
  const table = [['EMAIL', 'ROLE', 'SITES', 'PASSWORD', 'ADDED'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) context.out(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

async function remove(args: string[], context: CommandContext): Promise<void> {
  const { positionals } = parse(args, 'users remove', {});
  const [email, ...extra] = positionals;
  if (!email) throw new UsageError('users remove needs the EMAIL of the user', 'users remove');
  if (extra.length > 0) throw new UsageError(`users remove takes one EMAIL, not also "${extra.join(' ')}"`, 'users remove');
  await removeUser(context.db, email, COMMAND_LINE_ACTOR);
  context.out(`Removed ${email.trim().toLowerCase()}; their sessions have ended.`);
}
