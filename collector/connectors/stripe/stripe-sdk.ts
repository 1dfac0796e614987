import type Stripe from 'stripe';
import { lazyPackage } from '../../lazy-package';

/**
 * Stripe's official SDK, loaded with the first Stripe web hook or code (it is the largest package
 * the collector uses, and most merchants connect no Stripe account). Its CommonJS build: the same
 * class for the web hook check, the client and the `instanceof` checks of its errors.
 */
export const loadStripe = lazyPackage<typeof Stripe>('stripe');
