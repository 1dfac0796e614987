/**
 * The widget's state (signals the components read) and the actions that change it. Everything
 * that can fail reports through `events` as a VouchError and leaves the state as it was.
 */
import { computed, signal } from './signals';
import { type Api, type EmailShareRequest, type OriginType, createApi } from './api';
import { type Config, mergeConfig } from './config';
import { type DashboardComponent, loadDashboardComponent } from './dashboard-component';
import { type Events, createEvents } from './events';
import type { DashboardView, OfferView } from './response-shape';
import type { SocialChannel } from '../collector/contract/share-channels';
import { isPhone } from './phone';
import { en } from './locales/en';
import { type LoadedLocales, fetchStrings, fill, headline, languageToFetch, resolveStrings } from './strings';
import { readVisitorUuid } from './visitor';
import { toVouchError } from './vouch-error';

export type Controller = ReturnType<typeof createController>;

/** A controller for one site's widget; `api` is a parameter so components can be tested with given data. */
export function createController(api: Api, events: Events = createEvents()) {
  const view = signal<OfferView | undefined>(undefined);
  const dashboard = signal<DashboardView | undefined>(undefined);
  /** What lays the dashboard out, fetched with it; absent if that file could not be fetched (the offer then links to the dashboard page). */
  const dashboardComponent = signal<DashboardComponent | undefined>(undefined);
  /** Set when a dashboard token was refused: the widget then says so, with the way to sign in by email. */
  const refused = signal(false);
  const isOpen = signal(false);
  const config = signal<Config>({});
  const locale = computed(() => config.value.locale ?? view.value?.campaign.locale ?? 'en');
  /** The languages fetched so far: English comes with the widget, the others on first use. */
  const locales = signal<LoadedLocales>({ en });
  // An experiment variant's copy is what the variant tests: it goes over the snippet's own strings.
  const strings = computed(() => resolveStrings(locales.value, locale.value, { ...config.value.strings, ...view.value?.campaign.variant?.strings }));
  const campaign = () => view.value!.campaign;
  const values = () => ({ friend: campaign().friend_reward.incentive_description, store: campaign().name || location.hostname });

  const report = (error: unknown) => events.emit('error', toVouchError(error));
  /** A part of the widget fetched on use (a language, the dashboard's view) did not arrive. */
  const reportPartMissing = (error: unknown) => report(toVouchError(error, 'network'));

  /** Each language's fetch, started once: it never rejects (a failure is reported once, and the widget speaks English). */
  const fetching: Record<string, Promise<void>> = {};
  /** Fetches a locale's strings when the widget has them and they are not here yet. */
  const fetchLocale = (wanted: unknown) => {
    const language = languageToFetch(wanted);
    return (
      language &&
      (fetching[language] ??= fetchStrings(language).then((strings) => {
        locales.value = { ...locales.value, [language]: strings };
      }, reportPartMissing))
    );
  };

  /**
   * Shows the offer a request resolves to; a failed request shows nothing and is reported. The
   * floating panel opens by itself unless the merchant said not to, or the screen is a phone's,
   * where it would cover most of the page: there the launcher waits for the visitor.
   */
  const show = (request: Promise<OfferView>) =>
    request.then(async (next) => {
      // The offer appears in its own language, not in English first.
      await fetchLocale(config.value.locale ?? next.campaign.locale);
      view.value = next;
      if (config.value.autoOpen !== false && !isPhone()) isOpen.value = true;
      events.emit('ready', next);
    }, report);

  return {
    view,
    dashboard,
    dashboardComponent,
    refused,
    dashboardUrl: api.dashboardUrl,
    isOpen,
    config,
    locale,
    locales,
    strings,
    events,
    report,
    /** "Give $10, get $10". */
    headline: computed(() => headline(strings.value, campaign().friend_reward, campaign().advocate_reward)),
    /** The message that goes with a shared link. */
    shareText: computed(() => fill(strings.value.shareText, values())),
    emailSubject: computed(() => fill(strings.value.emailSubject, values())),

    configure(raw: unknown) {
      config.value = mergeConfig(config.value, raw);
      void fetchLocale(config.value.locale);
    },

    /**
     * Creates the advocate's origin and shows its offer. A purchase carries the visitor's claim
     * uuid — except under a version 2 signature, which covers the uuid the merchant's server put in.
     */
    createOrigin(type: OriginType, data: Record<string, unknown>) {
      const uuid = type === 'Purchase' && !/^v2=/.test(data.signature as string) ? readVisitorUuid(document) : undefined;
      return show(api.createOrigin(type, uuid ? { uuid, ...data } : data));
    },

    showOffer(shortUrlCode: string) {
      return show(api.getOffer(shortUrlCode));
    },

    /** Shows the advocate's dashboard for a token their shop minted; a refused token shows why. */
    showDashboard(token: string) {
      const component = loadDashboardComponent().catch(reportPartMissing);
      return show(
        api.getDashboard(token).then(
          async (answer) => {
            dashboardComponent.value = (await component) || undefined;
            dashboard.value = answer.dashboard;
            return answer;
          },
          (error) => {
            refused.value = true;
            throw error;
          },
        ),
      );
    },

    /** Records a share; the share itself never waits on it. */
    recordShare(channel: SocialChannel) {
      const { offer } = view.value!;
      events.emit('share', { channel, offer });
      api.recordSocialShare(offer.short_url_code, channel).catch(report);
    },

    /**
     * Sends the email share with the offer's share key (from a signed purchase's answer, or the
     * merchant's `shareKey` option); failures are reported, then rethrown for the form to show.
     */
    async shareByEmail(request: Omit<EmailShareRequest, 'share_key'>) {
      const { offer } = view.value!;
      try {
        const result = await api.shareByEmail(offer.short_url_code, { ...request, share_key: offer.share_key ?? config.value.shareKey });
        events.emit('share', { channel: 'email', offer });
        return result;
      } catch (error) {
        report(error);
        throw error;
      }
    },

    setOpen(open: boolean) {
      isOpen.value = open && !!view.value;
    },
  };
}
