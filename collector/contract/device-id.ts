/**
 * The device id: a random uuid the widget keeps in a first-party cookie of the shop beside the
 * visitor uuid, and sends with the origins and shares it reports. A shop's server may read the
 * cookie and send it as `device_id` too; a claim link on the shop's own origin carries it by
 * itself. The collector keeps only its keyed hash, for the same-device fraud signal.
 */

/** The cookie name of the device id. */
export const DEVICE_ID_NAME = 'vouch_device';
