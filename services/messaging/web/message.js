// @ts-check
// The page a QR code opens: /s/<stationCode> (站码) or /d/<deputyCode> (代表码).
import { $, api, count, fieldError, IN_WECHAT, make, readable, saveTracking, show, text } from './common.js';
import { showResponsiveness, showStationFigures } from './figures.js';

/** @type {Readonly<Record<string, string>>} */
const LEVELS = { city: '市人大代表', township: '乡镇人大代表' };
const CONTENT_MIN = 5;
const CONTENT_MAX = 2000;
const FIELDS = ['category', 'content', 'townshipCode', 'location', 'name', 'phone'];

/**
 * Chinese wording for the fields the API may name in a 400.
 * @type {Readonly<Record<string, string>>}
 */
const FIELD_LABELS = {
  category: '留言类别有误，请重新选择。',
  content: `留言内容需要 ${CONTENT_MIN} 至 ${CONTENT_MAX} 字。`,
  townshipCode: '所选乡镇（街道）有误，请重新选择。',
  location: '具体位置不能超过 200 字。',
  name: '称呼不能超过 40 字。',
  phone: '请填写 11 位手机号码（以 1 开头），或者不填。',
};

const match = /^\/(s|d)\/([A-Za-z0-9-]{1,64})\/?$/.exec(location.pathname);
/** @typedef {{ kind: 'station' | 'deputy', code: string }} Recipient */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} FormField */
/** @typedef {{ category: string, content: string, [field: string]: string }} MessageBody */
/** @type {Recipient | undefined} */
const target = match ? { kind: match[1] === 's' ? 'station' : 'deputy', code: /** @type {string} */ (match[2]) } : undefined;
const status = $('status');
/** @type {HTMLFormElement} */
const form = $('message-form');
/** @type {HTMLButtonElement} */
const button = $('submit');
/**
 * The submission being sent or last failed: the same body retried keeps its Idempotency-Key.
 * @type {{ json: string, key: string } | undefined}
 */
let pending;

/** The live region stays in the page (empty when idle) so screen readers announce each change. */
/** @param {string} message */
function setStatus(message) {
  status.textContent = message;
}

/** @param {string} [message] */
function notFound(message) {
  setStatus('');
  if (message) text('not-found-text', message);
  show($('not-found'));
  document.title = '找不到留言对象 · 民情直通';
}

async function load() {
  if (!target) return notFound();
  const recipient = api(`/v1/${target.kind === 'station' ? 'stations' : 'deputies'}/${encodeURIComponent(target.code)}`);
  const [who, categories, townships] = await Promise.all([recipient, api('/v1/categories'), api('/v1/townships')]);
  if (who.status === 404 || who.status === 400) {
    return notFound(
      target.kind === 'station'
        ? '找不到这个联络站，这个二维码可能已经停用。请扫描联络站现场张贴的最新二维码，或向工作人员咨询。'
        : '找不到这位代表，这个二维码可能已经停用。请扫描联络站现场张贴的最新二维码，或向工作人员咨询。',
    );
  }
  if (who.status !== 200 || categories.status !== 200) {
    setStatus('页面加载失败，请检查网络后刷新重试。');
    return;
  }
  /** @type {{ code: string, name: string }[]} */
  const townshipItems = townships.status === 200 ? townships.body.items : [];
  /** @param {string} code */
  const townshipName = (code) => townshipItems.find((t) => t.code === code)?.name;

  if (target.kind === 'station') {
    const station = who.body;
    text('recipient-kind', '您正在给人大代表联络站留言');
    text('recipient-name', station.name);
    text('recipient-detail', station.address);
    const list = $('deputy-list');
    for (const deputy of station.deputies) list.append(make('li', `${deputy.name} 代表`));
    show($('station-deputies'), station.deputies.length > 0);
    document.title = `给${station.name}留言 · 民情直通`;
    /** @type {{ code: string, name: string }[]} */
    const categoryItems = categories.body.items;
    // The figures are a courtesy: the form does not wait for them.
    void showStationFigures(station.code, (code) => categoryItems.find((c) => c.code === code)?.name, townshipName);
  } else {
    const deputy = who.body;
    if (deputy.termStatus !== 'active') {
      return notFound(`${deputy.name}代表已不在任，暂不能通过此二维码留言。请到所在代表联络站扫描站码留言。`);
    }
    text('recipient-kind', '您正在给人大代表留言');
    text('recipient-name', `${deputy.name} 代表`);
    text('recipient-detail', [LEVELS[deputy.level] ?? '人大代表', townshipName(deputy.townshipCode)].filter(Boolean).join(' · '));
    document.title = `给${deputy.name}代表留言 · 民情直通`;
    showResponsiveness(deputy.responsiveness);
  }

  /** @type {HTMLSelectElement} */
  const category = $('category');
  for (const item of categories.body.items) category.append(new Option(item.name, item.code));
  /** @type {HTMLSelectElement} */
  const township = $('townshipCode');
  for (const item of townshipItems) township.append(new Option(item.name, item.code));
  const home = who.body.townshipCode;
  if (home && townshipItems.some((t) => t.code === home)) township.value = home;

  setStatus('');
  show($('recipient'));
  show(form);
  updateCounter();
}

function updateCounter() {
  const n = count(/** @type {HTMLTextAreaElement} */ ($('content')).value.trim());
  const counter = text('content-count', `${n} / ${CONTENT_MAX}`);
  counter.classList.toggle('over', n > CONTENT_MAX);
}

/** The request body from the form, and the client-side errors (the same rules as the API). */
function read() {
  /** @param {string} id */
  const value = (id) => /** @type {FormField} */ ($(id)).value.trim();
  const recipient = /** @type {Recipient} */ (target);
  /** @type {MessageBody} */
  const body = { [recipient.kind === 'station' ? 'stationCode' : 'deputyCode']: recipient.code, category: value('category'), content: value('content') };
  for (const id of ['townshipCode', 'location', 'name', 'phone']) if (value(id)) body[id] = value(id);
  /** @type {Record<string, string | undefined>} */
  const errors = {};
  if (!body.category) errors.category = '请选择留言类别。';
  const n = count(body.content);
  if (n === 0) errors.content = '请填写留言内容。';
  else if (n < CONTENT_MIN) errors.content = `留言内容至少 ${CONTENT_MIN} 个字，现在只有 ${n} 个字。`;
  else if (n > CONTENT_MAX) errors.content = `留言内容不能超过 ${CONTENT_MAX} 字，现在有 ${n} 个字。`;
  if (body.location && count(body.location) > 200) errors.location = FIELD_LABELS.location;
  if (body.name && count(body.name) > 40) errors.name = FIELD_LABELS.name;
  if (body.phone && !/^1\d{10}$/.test(body.phone)) errors.phone = FIELD_LABELS.phone;
  return { body, errors };
}

/** @param {Record<string, string | undefined>} errors */
function showErrors(errors) {
  /** @type {string | undefined} */
  let first;
  for (const field of FIELDS) {
    fieldError(field, errors[field]);
    if (errors[field] && !first) first = field;
  }
  if (first) $(first).focus();
  return first !== undefined;
}

/** @param {string} [message] */
function formError(message) {
  const element = text('form-error', message ?? '');
  show(element, Boolean(message));
}

/** @param {boolean} sending */
function busy(sending) {
  button.disabled = sending;
  form.setAttribute('aria-busy', String(sending));
  button.textContent = sending ? '正在提交…' : '提交留言';
}

/** Automatic resubmissions while a just-imported deputy reaches intake (intake says how long to wait). */
const SYNC_RETRIES = 10;
let syncRetries = 0;

/** @param {SubmitEvent} event */
async function submit(event) {
  event.preventDefault();
  if (button.disabled) return;
  formError();
  const { body, errors } = read();
  if (showErrors(errors)) return;

  const json = JSON.stringify(body);
  if (!pending || pending.json !== json) pending = { json, key: crypto.randomUUID() };
  busy(true);
  setStatus('正在提交留言…');
  const response = await api('/v1/messages', { method: 'POST', body, headers: { 'idempotency-key': pending.key } });
  busy(false);
  setStatus('');

  if (response.status === 202 && response.body?.trackingCode) return done(response.body);
  // A deputy imported seconds ago is still on the way to intake (503 DEPUTY_SYNCING): submit again
  // when intake says, a few times, with the same Idempotency-Key so nothing is stored twice.
  if (response.status === 503 && response.body?.error?.code === 'DEPUTY_SYNCING' && syncRetries < SYNC_RETRIES) {
    syncRetries++;
    const seconds = Math.min(Math.max(Number(response.headers.get('retry-after')) || 3, 1), 30);
    formError(`这位代表的信息刚刚录入，正在同步：页面将在 ${seconds} 秒后自动重新提交，您填写的内容仍保留在页面上。`);
    setTimeout(() => form.requestSubmit(), seconds * 1000);
    return;
  }
  if (response.status === 400 && response.body?.error?.details) {
    /** @type {Record<string, string>} */
    const fieldErrors = {};
    const other = [];
    for (const detail of response.body.error.details) {
      const field = FIELDS.includes(detail.path) ? detail.path : undefined;
      const said = readable(detail.message);
      const label = field ? (FIELD_LABELS[field] ?? field) : undefined;
      if (field && label) fieldErrors[field] = said ? `${label}（${said}）` : label;
      else other.push(said);
    }
    showErrors(fieldErrors);
    if (other.length > 0 || Object.keys(fieldErrors).length === 0) {
      formError(`留言未能提交：${other.filter(Boolean).join('；') || '请检查填写的内容。'}`);
    }
    return;
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    const wait = seconds > 0 ? (seconds >= 120 ? `${Math.ceil(seconds / 60)} 分钟` : `${Math.ceil(seconds)} 秒`) : '一会儿';
    formError(`提交太频繁了，请 ${wait}后再试。您填写的内容仍保留在页面上。`);
    return;
  }
  formError(
    response.status === 0
      ? '网络连接失败，留言未能确认提交。请检查网络后再次点击“提交留言”，不会重复提交。'
      : '系统暂时出现问题，留言未能提交。请稍后再次点击“提交留言”。',
  );
}

/** @param {{ trackingCode: string, trackingToken: string }} submitted */
function done({ trackingCode, trackingToken }) {
  pending = undefined;
  saveTracking(trackingCode, trackingToken);
  text('done-code', trackingCode);
  text('done-token', trackingToken);
  /** @type {HTMLAnchorElement} */ ($('done-link')).href = `/t/${encodeURIComponent(trackingCode)}#${encodeURIComponent(trackingToken)}`;
  // Inside WeChat the tracking page can send its progress there: say where.
  show($('done-wechat'), IN_WECHAT);
  /** @type {HTMLAnchorElement} */ ($('again-link')).href = location.pathname;
  show(form, false);
  show($('done'));
  document.title = `留言已提交（${trackingCode}）· 民情直通`;
  $('done').focus();
}

form.addEventListener('submit', submit);
$('content').addEventListener('input', () => {
  updateCounter();
  if ($('content').getAttribute('aria-invalid') === 'true' && !read().errors.content) fieldError('content');
});
for (const field of FIELDS) {
  $(field).addEventListener('change', () => {
    if ($(field).getAttribute('aria-invalid') === 'true' && !read().errors[field]) fieldError(field);
  });
}
load();
