import type { ExperimentVariant, Reward } from './site-config.schema';

/** What a variant may change of a campaign's settings: its rewards (copy and channels are answered beside them). */
export interface VariantSettings {
  advocate_reward: Reward;
  friend_reward: Reward;
  variants: readonly ExperimentVariant[];
}

/** The settings an offer made in `variant` runs on: the variant's rewards over the campaign's; no variant changes nothing. */
export function applyVariant<Settings extends VariantSettings>(settings: Settings, variant: ExperimentVariant | undefined): Settings {
  if (!variant) return settings;
  return {
    ...settings,
    advocate_reward: variant.advocate_reward ?? settings.advocate_reward,
    friend_reward: variant.friend_reward ?? settings.friend_reward,
  };
}

/** The configured variant an offer names, or undefined (no experiment, or a variant since removed from the configuration). */
export function variantNamed(settings: Pick<VariantSettings, 'variants'>, variantId: string | null | undefined): ExperimentVariant | undefined {
  return variantId ? settings.variants.find((variant) => variant.id === variantId) : undefined;
}

/** The settings of the variant an offer was made in (see applyVariant). */
export function settingsForOffer<Settings extends VariantSettings>(settings: Settings, offer: { variant_id?: string | null }): Settings {
  return applyVariant(settings, variantNamed(settings, offer.variant_id));
}
