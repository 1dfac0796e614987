/**
 * How a mail provider reads the local part of its addresses: whether it ignores dots
 * (`j.o.h.n` is `john`), which character starts a tag it delivers to the untagged mailbox
 * (`john+shop`, Yahoo's `john-shop`), and the domain it is another name of.
 */
interface ProviderRules {
  ignoresDots: boolean;
  tagSeparator: '+' | '-' | null;
  sameAs?: string;
}

/**
 * Providers whose rules are documented. Gmail ignores dots and `+tags`, and googlemail.com is the
 * same mailboxes. Outlook.com (hotmail, live, msn) honours dots (`john.smith` and `johnsmith` are
 * two accounts) but delivers `+tags`. Fastmail, iCloud and Proton deliver `+tags`; Apple's
 * me.com and mac.com share icloud.com's names. Yahoo has no `+tags`; its disposable addresses are
 * `base-keyword`, and its account names cannot hold a dash, so everything from the dash is the tag.
 */
const PROVIDERS: Record<string, ProviderRules> = {
  'gmail.com': { ignoresDots: true, tagSeparator: '+' },
  'googlemail.com': { ignoresDots: true, tagSeparator: '+', sameAs: 'gmail.com' },
  'outlook.com': { ignoresDots: false, tagSeparator: '+' },
  'hotmail.com': { ignoresDots: false, tagSeparator: '+' },
  'live.com': { ignoresDots: false, tagSeparator: '+' },
  'msn.com': { ignoresDots: false, tagSeparator: '+' },
  'fastmail.com': { ignoresDots: false, tagSeparator: '+' },
  'fastmail.fm': { ignoresDots: false, tagSeparator: '+' },
  'icloud.com': { ignoresDots: false, tagSeparator: '+' },
  'me.com': { ignoresDots: false, tagSeparator: '+', sameAs: 'icloud.com' },
  'mac.com': { ignoresDots: false, tagSeparator: '+', sameAs: 'icloud.com' },
  'proton.me': { ignoresDots: false, tagSeparator: '+' },
  'protonmail.com': { ignoresDots: false, tagSeparator: '+' },
  'yahoo.com': { ignoresDots: false, tagSeparator: '-' },
};

/**
 * Any other domain: `+tags` are read as tags, because nearly every mail server (Google Workspace,
 * Microsoft 365, Fastmail, Postfix and Exim as shipped) delivers them to the untagged mailbox, and
 * dots are kept, because a company's `ann.lee` and `annlee` are usually two people.
 */
const OTHER_DOMAINS: ProviderRules = { ignoresDots: false, tagSeparator: '+' };

/** What was done to an address to reach its mailbox, for the signal's words. */
export type NormalisationStep = 'case' | 'tag' | 'dots' | 'alias_domain';

/** An address reduced to the mailbox it delivers to, and how. */
export interface NormalisedEmail {
  local: string;
  domain: string;
  /** Whether the domain's rules are documented (a known provider) or assumed. */
  knownProvider: boolean;
  tagSeparator: '+' | '-' | null;
  ignoresDots: boolean;
  steps: NormalisationStep[];
}

/**
 * The mailbox an address delivers to, by its provider's own rules (see PROVIDERS), with the
 * steps taken to get there; null for text that is not an address. Case is always ignored: no
 * provider in use hands out `Ann` and `ann` to two people.
 */
export function normaliseEmail(email: string): NormalisedEmail | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at === trimmed.length - 1) return null;
  const steps: NormalisationStep[] = [];
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1).replace(/\.$/, '');
  if (local !== local.toLowerCase() || domain !== domain.toLowerCase()) steps.push('case');
  local = local.toLowerCase();
  domain = domain.toLowerCase();
  const rules = PROVIDERS[domain] ?? OTHER_DOMAINS;
  if (rules.tagSeparator) {
    const tag = local.indexOf(rules.tagSeparator);
    if (tag > 0) {
      local = local.slice(0, tag);
      steps.push('tag');
    }
  }
  if (rules.ignoresDots && local.includes('.')) {
    local = local.replaceAll('.', '');
    steps.push('dots');
  }
  if (rules.sameAs) {
    domain = rules.sameAs;
    steps.push('alias_domain');
  }
  return { local, domain, knownProvider: domain in PROVIDERS, tagSeparator: rules.tagSeparator, ignoresDots: rules.ignoresDots, steps };
}
