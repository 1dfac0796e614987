/**
 * The demo shop's server talking to the collector's secret-key API, exactly as a merchant's
 * server would. The key stays here, on the server; pages only ever see the site slug.
 */
export class CollectorClient {
  constructor(
    readonly collectorUrl: string,
    readonly siteSlug: string,
    private readonly apiKey: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.collectorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify({ site_slug: this.siteSlug, ...body }) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await response.json()) as any;
    if (!json.ok) throw new Error(`collector answered ${response.status}: ${json.error_message}`);
    return json.result;
  }

  /** The site's referrals, newest first. */
  listReferrals(): Promise<any> {
    return this.call('GET', `/api/v2/referrals?site_slug=${encodeURIComponent(this.siteSlug)}`);
  }

  /** Approves or voids the referral a friend's order closed (Talkable's PUT /origins/:slug/referral). */
  setReferralStatus(originSlug: string, status: 'approved' | 'voided' | 'unblocked'): Promise<any> {
    return this.call('PUT', `/api/v2/origins/${encodeURIComponent(originSlug)}/referral`, { data: { status } });
  }
}
