// @ts-check
// Shared by message.js and track.js: API calls, labels, dates, the saved tracking codes.

/** @type {Readonly<Record<string, string>>} */
export const STATUS_LABELS = {
  submitted: '已提交',
  answered: '已答复',
  escalated: '已提交审核',
  under_review: '审核中',
  forwarded: '已转办',
  in_progress: '办理中',
  resolved: '已办结',
  declined: '不予受理',
  reopened: '督办中',
  closed: '已关闭',
};

/** @type {Readonly<Record<string, string>>} */
export const RATING_LABELS = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

export const TRACKING_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** Opened inside WeChat's own browser: the only place the official account's authorization works. */
export const IN_WECHAT = /MicroMessenger/i.test(navigator.userAgent);

/**
 * Characters as people count them (a Chinese character or an emoji is one), like the API.
 * @param {string} text
 */
export const count = (text) => [...text].length;

/**
 * The page's element with this id; the pages' HTML has every id the scripts name.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export const $ = (id) => /** @type {T} */ (document.getElementById(id));

/**
 * Sets an element's text (never HTML: everything shown comes from the API or the user).
 * @param {string} id
 * @param {string} value
 */
export function text(id, value) {
  const element = $(id);
  element.textContent = value;
  return element;
}

/**
 * An element with text, for lists built from API data.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [value]
 * @param {string} [className]
 */
export function make(tag, value, className) {
  const element = document.createElement(tag);
  if (value !== undefined) element.textContent = value;
  if (className) element.className = className;
  return element;
}

/**
 * Shows one of several elements and hides the others.
 * @param {HTMLElement} element
 */
export function show(element, visible = true) {
  element.hidden = !visible;
}

/**
 * @typedef {object} ApiResponse
 * @property {number} status the HTTP status, 0 when the network failed
 * @property {any} body the parsed JSON body, shaped as docs/api.md says for the path and status
 * @property {Headers} headers
 */

/**
 * Calls the API on this origin. Resolves to `{status, body, headers}`; a network failure resolves
 * to status 0 so callers handle every outcome in one place.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [request]
 * @returns {Promise<ApiResponse>}
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  try {
    const response = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    let parsed;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  } catch {
    return { status: 0, body: undefined, headers: new Headers() };
  }
}

/**
 * The API's text when a citizen can read it as it is: Chinese, without a Latin letter. The API's
 * `message` is written for developers (English) except in the citizen routes' own refusals, so a
 * page shows a server text only through this and says it in its own words otherwise.
 * @param {unknown} message
 * @returns {string | undefined}
 */
export const readable = (message) => (typeof message === 'string' && message.trim() !== '' && !/[A-Za-z]/.test(message) ? message : undefined);

/** `2026-03-05 09:30` in the city's time (Asia/Shanghai), whatever the phone's time zone. */
const shanghai = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** @param {string} iso */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const part = Object.fromEntries(shanghai.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** The tracking codes this phone submitted or opened, newest first: `[{trackingCode, trackingToken}]`. */
const STORE_KEY = 'minqing.tracking';

/** @typedef {{ trackingCode: string, trackingToken: string }} SavedTracking */

/** @returns {SavedTracking[]} */
export function savedTrackings() {
  try {
    const list = JSON.parse(localStorage.getItem(STORE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((t) => t && TRACKING_CODE.test(t.trackingCode) && typeof t.trackingToken === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * @param {string} trackingCode
 * @param {string} trackingToken
 */
export function saveTracking(trackingCode, trackingToken) {
  try {
    const rest = savedTrackings().filter((t) => t.trackingCode !== trackingCode);
    localStorage.setItem(STORE_KEY, JSON.stringify([{ trackingCode, trackingToken }, ...rest].slice(0, 20)));
  } catch {
    // private browsing or storage full: the code on screen is still there
  }
}

/**
 * @param {string} trackingCode
 * @param {string} trackingToken
 */
export function forgetTracking(trackingCode, trackingToken) {
  try {
    const rest = savedTrackings().filter((t) => !(t.trackingCode === trackingCode && t.trackingToken === trackingToken));
    localStorage.setItem(STORE_KEY, JSON.stringify(rest));
  } catch {
    // nothing saved
  }
}

/**
 * Marks a field invalid with its error text (linked by aria-describedby in the HTML), or clears it.
 * @param {string} field
 * @param {string} [message]
 */
export function fieldError(field, message) {
  const input = $(field);
  const error = $(`${field}-error`);
  if (!input || !error) return false;
  error.textContent = message ?? '';
  error.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return true;
}
