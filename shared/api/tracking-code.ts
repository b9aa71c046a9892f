/**
 * A message's tracking code (查询码) as messaging issues it, `K7PQ-3MXD`: checked by messaging's
 * tracking routes and by identity, which binds a citizen's WeChat to one.
 */
export const TRACKING_CODE_PATTERN = /^[0-9A-Z]{4}-[0-9A-Z]{4}$/;
