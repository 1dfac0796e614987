/**
 * The visitor uuid: a claim redirect names it in the shop's landing URL (`?vouch_uuid=…`), the
 * widget keeps it in a first-party cookie of the same name, the friend's purchase hands it back.
 * The collector's own cookie (on its own host) carries it under that name too.
 */

/** The query parameter and cookie name of the visitor uuid (a site may rename the parameter: visitor_uuid_param). */
export const VISITOR_UUID_NAME = 'vouch_uuid';

/**
 * A uuid in the layout the collector writes (8-4-4-4-12 hex digits), in either letter case: the
 * collector lower-cases what it is given and stores uuids lower-cased.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
