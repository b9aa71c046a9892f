// @ts-check
// The tracking page: /t/<trackingCode>#<trackingToken> (the token stays in the fragment, never sent in a URL).
import {
  $,
  api,
  count,
  fieldError,
  forgetTracking,
  formatTime,
  IN_WECHAT,
  make,
  RATING_LABELS,
  readable,
  savedTrackings,
  saveTracking,
  show,
  STATUS_LABELS,
  text,
  TRACKING_CODE,
} from './common.js';

/**
 * A message's progress as `GET /v1/track/{code}` shows it.
 * @typedef {object} TrackingView
 * @property {string} trackingCode
 * @property {string} status
 * @property {string} category
 * @property {string} submittedAt
 * @property {{ at: string, status: string, text?: string }[]} timeline
 * @property {string} [rating]
 * @property {boolean} [canRate]
 * @property {boolean} [canFollowUp]
 * @property {{ solved: string, replyUseful: boolean, wouldUseAgain: boolean }} [followUp]
 * @property {boolean} [wechat] the citizen is told of progress on WeChat instead of SMS
 */

const status = $('status');
/** @type {HTMLFormElement} */
const ratingForm = $('rating-form');
/** @type {HTMLFormElement} */
const lookupForm = $('lookup-form');
/** @type {HTMLFormElement} */
const followUpForm = $('followup-form');
/** @type {HTMLButtonElement} */
const followUpButton = $('followup-submit');
/** @type {HTMLButtonElement} */
const rateButton = $('rate');
/** @type {Map<string, string> | undefined} */
let categoryNames;
/** @type {{ code: string, token: string } | undefined} */
let current;
let loads = 0;

/**
 * Back from WeChat: `?wechat=<outcome>&ticket=<one-time ticket>`. Read once and taken out of the
 * address at once (the token may still have to be typed, which rewrites it); the ticket is redeemed
 * after the message is open. The fragment goes too: it is never the token here (the way back has
 * none) but WeChat's `#wechat_redirect`, which the browser carries over the redirects; the token
 * comes from the phone's saved trackings.
 */
const wechatReturn = (() => {
  const query = new URLSearchParams(location.search);
  const outcome = query.get('wechat');
  if (!outcome) return undefined;
  history.replaceState(null, '', location.pathname);
  return { outcome, ticket: query.get('ticket') ?? '' };
})();
/** @type {{ outcome: string, ticket: string } | undefined} */
let pendingWechat = wechatReturn;

/** @param {string} message */
const setStatus = (message) => {
  status.textContent = message;
};

/**
 * Accepts `k7pq3mxd`, `K7PQ 3MXD` or `K7PQ-3MXD`.
 * @param {string} raw
 */
function normaliseCode(raw) {
  const plain = raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : raw.trim().toUpperCase();
}

function fromUrl() {
  const match = /^\/t\/([^/]+)\/?$/.exec(location.pathname);
  let code = '';
  try {
    code = match ? normaliseCode(decodeURIComponent(/** @type {string} */ (match[1]))) : '';
  } catch {
    code = '';
  }
  let token = '';
  try {
    token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  } catch {
    token = '';
  }
  let saved = false;
  if (!token && TRACKING_CODE.test(code)) {
    token = savedTrackings().find((t) => t.trackingCode === code)?.trackingToken ?? '';
    saved = Boolean(token);
  }
  return { code, token, saved };
}

function hideAll() {
  for (const id of ['not-found', 'result', 'followup-done']) show($(id), false);
  show(followUpForm, false);
  show(ratingForm, false);
  show(lookupForm, false);
}

/** @param {string} code */
function askForCode(code) {
  /** @type {HTMLInputElement} */ ($('lookup-code')).value = code || '';
  show(lookupForm);
}

async function categories() {
  if (!categoryNames) {
    const response = await api('/v1/categories');
    if (response.status === 200) {
      /** @type {{ code: string, name: string }[]} */
      const items = response.body.items;
      categoryNames = new Map(items.map((c) => [c.code, c.name]));
    }
  }
  return categoryNames ?? new Map();
}

async function load() {
  const mine = ++loads;
  const { code, token, saved } = fromUrl();
  hideAll();
  if (!TRACKING_CODE.test(code) || !token) {
    setStatus(code ? '请输入查询密钥。' : '请输入查询码和查询密钥。');
    askForCode(code);
    return;
  }
  current = { code, token };
  setStatus('正在查询…');
  const [response, names] = await Promise.all([api(`/v1/track/${encodeURIComponent(code)}`, { headers: { 'x-tracking-token': token } }), categories()]);
  if (mine !== loads) return;
  if (response.status === 404 || response.status === 400) {
    if (saved) forgetTracking(code, token);
    return notFound(code);
  }
  if (response.status !== 200) {
    setStatus(response.status === 0 ? '网络连接失败，请检查网络后点击“刷新进度”。' : '系统暂时出现问题，请稍后刷新重试。');
    show($('result'), false);
    askForCode(code);
    return;
  }
  saveTracking(code, token);
  render(response.body, names);
  setStatus('');
  if (pendingWechat) await completeWechat(pendingWechat);
}

/** @param {string} code */
function notFound(code) {
  hideAll();
  setStatus('没有查到这条留言。');
  show($('not-found'));
  askForCode(code);
  document.title = '找不到留言 · 民情直通';
}

/**
 * @param {TrackingView} view
 * @param {Map<string, string>} names category names by code
 */
function render(view, names) {
  text('r-code', view.trackingCode);
  const badge = text('r-status', STATUS_LABELS[view.status] ?? view.status);
  badge.className = `badge status-${view.status}`;
  text('r-category', names.get(view.category) ?? view.category);
  const submitted = /** @type {HTMLTimeElement} */ (text('r-submitted', formatTime(view.submittedAt)));
  submitted.dateTime = view.submittedAt;

  const list = $('timeline');
  list.replaceChildren(
    ...view.timeline.map((entry) => {
      const item = make('li');
      const when = make('time', formatTime(entry.at), 'when');
      when.dateTime = entry.at;
      item.append(when, make('span', STATUS_LABELS[entry.status] ?? entry.status, `badge status-${entry.status}`));
      if (entry.text) item.append(make('p', entry.text, 'entry-text'));
      return item;
    }),
  );

  show($('r-rating-row'), Boolean(view.rating));
  text('r-rating', view.rating ? (RATING_LABELS[view.rating] ?? view.rating) : '');
  show($('result'));
  show(ratingForm, Boolean(view.canRate));
  show(followUpForm, Boolean(view.canFollowUp));
  show($('followup-done'), Boolean(view.followUp));
  renderWechat(view);
  document.title = `${STATUS_LABELS[view.status] ?? '办理进度'}（${view.trackingCode}）· 民情直通`;
}

function updateCommentCount() {
  const n = count(/** @type {HTMLTextAreaElement} */ ($('comment')).value.trim());
  text('comment-count', `${n} / 500`).classList.toggle('over', n > 500);
}

/** @param {string} [message] */
function ratingError(message) {
  const element = text('rating-form-error', message ?? '');
  show(element, Boolean(message));
}

/** @param {SubmitEvent} event */
async function rate(event) {
  event.preventDefault();
  if (rateButton.disabled || !current) return;
  ratingError();
  const choice = /** @type {HTMLInputElement | null} */ (ratingForm.querySelector('input[name="rating"]:checked'))?.value;
  const comment = /** @type {HTMLTextAreaElement} */ ($('comment')).value.trim();
  const ratingMissing = choice ? undefined : '请选择“满意”“基本满意”或“不满意”。';
  const commentTooLong = count(comment) > 500 ? `意见不能超过 500 字，现在有 ${count(comment)} 个字。` : undefined;
  text('rating-error', ratingMissing ?? '');
  show($('rating-error'), Boolean(ratingMissing));
  fieldError('comment', commentTooLong);
  if (ratingMissing) return /** @type {HTMLInputElement} */ (ratingForm.querySelector('input[name="rating"]')).focus();
  if (commentTooLong) return $('comment').focus();

  rateButton.disabled = true;
  rateButton.textContent = '正在提交…';
  setStatus('正在提交评价…');
  const response = await api(`/v1/track/${encodeURIComponent(current.code)}/rating`, {
    method: 'POST',
    headers: { 'x-tracking-token': current.token },
    body: comment ? { rating: choice, comment } : { rating: choice },
  });
  rateButton.disabled = false;
  rateButton.textContent = '提交评价';
  if (response.status === 200) {
    render(response.body, await categories());
    setStatus('感谢您的评价！');
    $('result-title').focus();
    return;
  }
  if (response.status === 404) return notFound(current.code);
  if (response.status === 409) {
    await load();
    // The reloaded page may have no rating form left to hold the reason: the status line says it.
    setStatus('这条留言现在不能评价（可能已经评价过），以下为最新进度。');
    return;
  }
  setStatus('');
  if (response.status === 400 && response.body?.error?.details) {
    /** @type {{ message: string }[]} */
    const details = response.body.error.details;
    const said = details.map((d) => readable(d.message)).filter(Boolean);
    ratingError(`评价未能提交：${said.join('；') || '请检查填写的内容。'}`);
  } else if (response.status === 429) {
    ratingError('操作太频繁了，请稍后再试。');
  } else {
    ratingError(response.status === 0 ? '网络连接失败，请检查网络后再试。' : '系统暂时出现问题，请稍后再试。');
  }
}

/** The questions of the follow-up form: the field, its error line and what to say when it is left out. */
const FOLLOW_UP_QUESTIONS = [
  { name: 'solved', error: 'followup-solved-error', missing: '请选择问题是否解决。' },
  { name: 'replyUseful', error: 'followup-useful-error', missing: '请选择答复是否有帮助。' },
  { name: 'wouldUseAgain', error: 'followup-again-error', missing: '请选择以后是否还会使用。' },
];

/** @param {string} [message] */
function followUpError(message) {
  show(text('followup-form-error', message ?? ''), Boolean(message));
}

/** @param {SubmitEvent} event */
async function sendFollowUp(event) {
  event.preventDefault();
  if (followUpButton.disabled || !current) return;
  followUpError();
  /** @type {Record<string, string | undefined>} */
  const answers = {};
  let firstMissing;
  for (const q of FOLLOW_UP_QUESTIONS) {
    answers[q.name] = /** @type {HTMLInputElement | null} */ (followUpForm.querySelector(`input[name="${q.name}"]:checked`))?.value;
    show(text(q.error, answers[q.name] ? '' : q.missing), !answers[q.name]);
    if (!answers[q.name] && !firstMissing) firstMissing = q.name;
  }
  if (firstMissing) return /** @type {HTMLInputElement} */ (followUpForm.querySelector(`input[name="${firstMissing}"]`)).focus();

  followUpButton.disabled = true;
  followUpButton.textContent = '正在提交…';
  const response = await api(`/v1/track/${encodeURIComponent(current.code)}/follow-up`, {
    method: 'POST',
    headers: { 'x-tracking-token': current.token },
    body: { solved: answers.solved, replyUseful: answers.replyUseful === 'yes', wouldUseAgain: answers.wouldUseAgain === 'yes' },
  });
  followUpButton.disabled = false;
  followUpButton.textContent = '提交问卷';
  if (response.status === 200) {
    render(response.body, await categories());
    setStatus('感谢您填写回访问卷！');
    $('followup-done-title').focus();
    return;
  }
  if (response.status === 404) return notFound(current.code);
  if (response.status === 409) {
    await load();
    setStatus('这条留言的回访问卷已经填写过或暂不能填写，以下为最新进度。');
    return;
  }
  followUpError(
    response.status === 429 ? '操作太频繁了，请稍后再试。' : response.status === 0 ? '网络连接失败，请检查网络后再试。' : '问卷未能提交，请稍后再试。',
  );
}

/**
 * The WeChat card: whether progress comes by WeChat, with the way out; inside WeChat, the way in.
 * Outside WeChat with nothing on, nothing to show.
 * @param {TrackingView} view
 */
function renderWechat(view) {
  const on = Boolean(view.wechat);
  text(
    'wechat-text',
    on
      ? '已开通：办理进展将通过本市人大微信公众号通知您，不再发送短信。'
      : '开通后，代表答复、事项办结等进展将通过本市人大微信公众号通知您（需关注公众号），不再发送短信。',
  );
  show($('wechat-on'), !on && IN_WECHAT);
  show($('wechat-off'), on);
  show($('wechat'), on || IN_WECHAT);
}

/** @param {string} [message] */
function wechatError(message) {
  show(text('wechat-error', message ?? ''), Boolean(message));
}

/** 在微信接收进展通知: off to WeChat's authorization page, which sends the browser back here. */
async function startWechat() {
  if (!current) return;
  wechatError();
  const button = /** @type {HTMLButtonElement} */ ($('wechat-on'));
  button.disabled = true;
  const response = await api(`/v1/track/${encodeURIComponent(current.code)}/wechat/binding`, {
    method: 'POST',
    headers: { 'x-tracking-token': current.token },
  });
  button.disabled = false;
  if (response.status === 201) {
    location.assign(response.body.authorizeUrl);
    return;
  }
  if (response.status === 404) return notFound(current.code);
  const code = response.body?.error?.code;
  wechatError(
    code === 'WECHAT_NOT_CONFIGURED'
      ? '本市暂未开通微信通知。'
      : code === 'CONTACT_ERASED'
        ? '这条留言的个人信息已按规定删除，不能再开通通知。'
        : response.status === 429
          ? '操作太频繁了，请稍后再试。'
          : response.status === 0
            ? '网络连接失败，请检查网络后再试。'
            : '系统暂时出现问题，请稍后再试。',
  );
}

/**
 * Back from WeChat: the ticket is handed to the platform, once; or the page says why nothing changed.
 * @param {{ outcome: string, ticket: string }} returned
 */
async function completeWechat(returned) {
  pendingWechat = undefined;
  if (!current) return;
  if (returned.outcome !== 'bound' || !returned.ticket) {
    wechatError(returned.outcome === 'not_configured' ? '本市暂未开通微信通知。' : '未获得微信授权，微信通知没有开通，可以重新点击开通。');
    return;
  }
  setStatus('正在开通微信通知…');
  const response = await api(`/v1/track/${encodeURIComponent(current.code)}/wechat`, {
    method: 'PUT',
    headers: { 'x-tracking-token': current.token },
    body: { ticket: returned.ticket },
  });
  if (response.status === 200) {
    render(response.body, await categories());
    setStatus('微信通知已开通。');
    return;
  }
  setStatus('');
  wechatError(
    response.status === 400
      ? '微信授权已失效（链接已使用过或已超过10分钟），请重新点击开通。'
      : response.body?.error?.code === 'CONTACT_ERASED'
        ? '这条留言的个人信息已按规定删除，不能再开通通知。'
        : '微信通知没有开通，请稍后重试。',
  );
}

/** 取消微信通知: SMS again, if a phone was left. */
async function stopWechat() {
  if (!current) return;
  wechatError();
  const button = /** @type {HTMLButtonElement} */ ($('wechat-off'));
  button.disabled = true;
  const response = await api(`/v1/track/${encodeURIComponent(current.code)}/wechat`, {
    method: 'DELETE',
    headers: { 'x-tracking-token': current.token },
  });
  button.disabled = false;
  if (response.status === 200) {
    render(response.body, await categories());
    setStatus('已取消微信通知。');
    return;
  }
  if (response.status === 404) return notFound(current.code);
  wechatError(response.status === 0 ? '网络连接失败，请检查网络后再试。' : '没有取消成功，请稍后再试。');
}

/** @param {SubmitEvent} event */
function lookup(event) {
  event.preventDefault();
  const code = normaliseCode(/** @type {HTMLInputElement} */ ($('lookup-code')).value);
  const token = /** @type {HTMLInputElement} */ ($('lookup-token')).value.trim();
  const codeWrong = TRACKING_CODE.test(code) ? undefined : '查询码是 8 位字母和数字，如 K7PQ-3MXD。';
  const tokenMissing = token ? undefined : '请填写查询密钥。';
  fieldError('lookup-code', codeWrong);
  fieldError('lookup-token', tokenMissing);
  if (codeWrong) return $('lookup-code').focus();
  if (tokenMissing) return $('lookup-token').focus();
  history.replaceState(null, '', `/t/${encodeURIComponent(code)}#${encodeURIComponent(token)}`);
  load();
}

$('result-title').tabIndex = -1;
$('followup-done-title').tabIndex = -1;
ratingForm.addEventListener('submit', rate);
followUpForm.addEventListener('submit', sendFollowUp);
lookupForm.addEventListener('submit', lookup);
$('comment').addEventListener('input', updateCommentCount);
$('refresh').addEventListener('click', () => load());
$('wechat-on').addEventListener('click', startWechat);
$('wechat-off').addEventListener('click', stopWechat);
window.addEventListener('hashchange', () => load());
load();
