import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { FraudRulesSchema, type FraudRules } from '../config/fraud-rules.schema';
import { ConfigError } from '../config/load-site-config';
import type { Site } from '../config/site-config.schema';
import { issuePath } from '../config/validation-issues';
import { replayFraudRules } from '../domain/fraud-replay';
import { findSiteId } from '../store/site.repository';
import type { Database } from '../store/tables';
import { formatReplayReport } from './fraud-replay-output';
import { UsageError } from './users-command';

export const FRAUD_HELP = `Usage: npm run vouch -- fraud replay --site SLUG --rules FILE [--since 30d|12h|DATE] [--json]

Decides the site's stored referrals again by the fraud rules in FILE (the shape of a site's
"fraud" setting, checked as the start checks it) and by the site's own rules, on the same facts,
each as of the referral's own time, and prints what the candidate rules would decide
differently: counts per change of outcome, per signal that fires newly or stops firing, and a
few examples with their trail's words. Changes nothing in the store; sends nothing.
  --site SLUG     the site whose referrals to replay
  --rules FILE    the candidate rules, a JSON file
  --since         referrals made in the last 30d (days) or 12h (hours), or since an ISO date (default 30d)
  --json          the report as one JSON document`;

const HOUR_IN_MS = 3_600_000;
const DAY_IN_MS = 24 * HOUR_IN_MS;
const RELATIVE = /^(\d{1,5})([dh])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** What the fraud command needs from the collector it reads. */
export interface FraudCommandContext {
  db: Kysely<Database>;
  /** The configured sites (ids not yet looked up). */
  sites: readonly Site[];
  out: (line: string) => void;
  /** Rewrites one status line (a terminal only). */
  progress?: (text: string) => void;
  now: Date;
}

/** Whether the arguments after "fraud" ask for help (no store is opened for it). */
export function fraudWantsHelp(args: readonly string[]): boolean {
  return args.length === 0 || args.some((arg) => ['--help', '-h', 'help'].includes(arg));
}

/** The start of the period `--since` names: `30d`, `12h` back from now, or an ISO date. */
export function parseSince(text: string, now: Date): string {
  const relative = RELATIVE.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'd' ? DAY_IN_MS : HOUR_IN_MS)).toISOString();
  const at = ISO_DATE.test(text) ? new Date(text) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new UsageError(`--since must be like 30d, 12h or 2026-11-01, not "${text}"`, 'fraud');
  return at.toISOString();
}

/** The candidate rules in a file, validated by the schema the site's `fraud` setting has. */
export function readCandidateRules(path: string): FraudRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read fraud rules ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = v.safeParse(FraudRulesSchema, json);
  if (!parsed.success) throw new ConfigError(`invalid fraud rules in ${path}: ${issuePath(parsed.issues[0]) || '(root)'}: ${parsed.issues[0].message}`);
  return parsed.output;
}

/** Runs `fraud replay …` (the arguments after "fraud"). */
export async function runFraudCommand(args: string[], context: FraudCommandContext): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'replay') throw new UsageError(`unknown command "fraud ${command}"`, 'fraud');
  let values: { site?: string; rules?: string; since?: string; json?: boolean; 'page-size'?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { site: { type: 'string' }, rules: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' }, 'page-size': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option'), 'fraud');
  }
  if (positionals.length > 0) throw new UsageError(`fraud replay takes no "${positionals.join(' ')}"`, 'fraud');
  if (!values.site) throw new UsageError('fraud replay needs --site SLUG', 'fraud');
  if (!values.rules) throw new UsageError('fraud replay needs --rules FILE (the candidate rules)', 'fraud');
  const configured = context.sites.find((site) => site.site_slug === values.site);
  if (!configured) throw new UsageError(`no site "${values.site}" in the configuration (sites: ${context.sites.map((site) => site.site_slug).join(', ')})`, 'fraud');
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000)) throw new UsageError('--page-size must be a whole number from 1 to 10000', 'fraud');
  const since = parseSince(values.since ?? '30d', context.now);
  const candidate = readCandidateRules(values.rules);
  // A site the collector never served has no row and no referrals; the empty id finds none.
  const site: Site = { ...configured, id: (await findSiteId(context.db, configured.site_slug)) ?? '' };
  const report = await replayFraudRules(context.db, site, candidate, {
    since,
    pageSize,
    onProgress: context.progress && ((read) => context.progress!(`replaying ${site.site_slug}: ${read} referrals read`)),
  });
  if (values.json) context.out(JSON.stringify(report, null, 2));
  else for (const line of formatReplayReport(report)) context.out(line);
}
