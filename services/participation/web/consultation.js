// @ts-check
// 意见征集: the page a consultation's QR code opens (/c/<id>). While open it takes one answer per
// device; once closed it shows the summary.
import { $, api, fieldError, formatTime, make, readable, show, text } from '/assets/common.js';

const consultationId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const DEVICE_KEY = 'minqing.device';
const ANSWERED_KEY = 'minqing.consultations';

/** This device's random id, made once and kept: the server counts one answer per device. */
function deviceId() {
  try {
    const saved = localStorage.getItem(DEVICE_KEY);
    if (saved && /^[A-Za-z0-9_-]{16,64}$/.test(saved)) return saved;
  } catch {
    // no storage: a fresh id for this visit
  }
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const id = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  try {
    localStorage.setItem(DEVICE_KEY, id);
  } catch {
    // private browsing: the id lasts as long as the page
  }
  return id;
}

/** @returns {string[]} */
function answered() {
  try {
    const list = JSON.parse(localStorage.getItem(ANSWERED_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberAnswered() {
  try {
    localStorage.setItem(ANSWERED_KEY, JSON.stringify([consultationId, ...answered().filter((id) => id !== consultationId)].slice(0, 50)));
  } catch {
    // nothing saved: the server still refuses a second answer
  }
}

/** @type {number[]} the options chosen, in the order they were ticked */
let chosen = [];
/** @type {string[]} */
let options = [];

function showOrder() {
  text('order', chosen.length ? `您的排序：${chosen.map((c, i) => `${i + 1}. ${options[c]}`).join('；')}` : '');
}

/** @param {string[]} list */
function renderChoices(list) {
  const holder = $('choices');
  list.forEach((option, index) => {
    const label = make('label', undefined, 'choice');
    const input = make('input');
    input.type = 'checkbox';
    input.name = 'choice';
    input.value = String(index);
    input.addEventListener('change', () => {
      chosen = input.checked ? [...chosen, index] : chosen.filter((c) => c !== index);
      fieldError('choices');
      showOrder();
    });
    label.append(input, make('span', option));
    holder.append(label);
  });
}

/** @param {any} summary */
function renderSummary(summary) {
  text('summary-total', `共收到 ${summary.responses} 份意见，截至 ${formatTime(summary.closedAt)}。`);
  const top = Math.max(1, ...summary.counts.map((/** @type {any} */ c) => c.chosen));
  const ranking = $('ranking');
  for (const count of [...summary.counts].sort((a, b) => a.rank - b.rank || a.index - b.index)) {
    const item = make('li');
    const label = make('div', undefined, 'label');
    label.append(make('span', `第${count.rank}名　${count.option}`), make('span', `${count.chosen} 票`, 'count'));
    const bar = make('div', undefined, 'bar');
    bar.setAttribute('aria-hidden', 'true');
    const fill = make('span');
    fill.style.width = `${Math.round((count.chosen / top) * 100)}%`;
    bar.append(fill);
    item.append(label, bar);
    ranking.append(item);
  }
  if (summary.conclusion) {
    text('conclusion', summary.conclusion);
    show($('conclusion-block'));
  }
  if (summary.comments.length) {
    $('comments').append(...summary.comments.map((/** @type {any} */ c) => make('li', c.comment)));
    show($('comments-block'));
  }
  show($('summary'));
}

/** @param {SubmitEvent} event */
async function submit(event) {
  event.preventDefault();
  const comment = /** @type {HTMLTextAreaElement} */ ($('comment')).value.trim();
  show($('form-error'), false);
  if (chosen.length === 0 && !comment) {
    if (options.length) fieldError('choices', '请至少选择一项，或填写意见');
    else fieldError('comment', '请填写意见');
    return;
  }
  const button = /** @type {HTMLButtonElement} */ ($('submit'));
  button.disabled = true;
  text('status', '正在提交…');
  const response = await api(`/v1/consultations/${encodeURIComponent(consultationId)}/responses`, {
    method: 'POST',
    body: { choices: chosen, ...(comment ? { comment } : {}) },
    headers: { 'x-device-id': deviceId() },
  });
  button.disabled = false;
  text('status', '');
  if (response.status === 201 || response.body?.error?.code === 'ALREADY_RESPONDED') {
    rememberAnswered();
    if (response.status !== 201) text('done-text', '本设备已经参与过这项意见征集，每台设备只能提交一次。');
    show($('answer-form'), false);
    show($('done'));
    $('done').focus();
    return;
  }
  const message =
    response.status === 0
      ? '网络连接失败，请检查网络后重试。'
      : response.status === 429
        ? '提交过于频繁，请稍后再试。'
        : response.body?.error?.code === 'CONSULTATION_CLOSED'
          ? '意见征集已经结束，感谢您的关注。'
          : // The API's own `message` is for developers (English); citizens read Chinese only.
            response.status === 400
            ? '提交未成功，请按提示修改后再提交。'
            : '提交失败，请稍后再试。';
  for (const detail of response.body?.error?.details ?? [])
    fieldError(String(detail.path).split('.')[0] ?? '', readable(detail.message) ?? '填写的内容不符合要求');
  text('form-error', message);
  show($('form-error'));
}

async function load() {
  const response = await api(`/v1/consultations/${encodeURIComponent(consultationId)}`);
  if (response.status === 404 || response.status === 400) {
    text('status', '');
    show($('not-found'));
    return;
  }
  if (response.status !== 200) {
    text('status', '暂时无法加载，请稍后刷新重试。');
    return;
  }
  const consultation = response.body;
  text('status', '');
  document.title = `${consultation.title} · 意见征集 · 民情直通`;
  text('title', consultation.title);
  text('description', consultation.description);
  text('period', consultation.status === 'open' ? `征集截止：${formatTime(consultation.closesAt)}` : '征集已结束');
  show($('question'));
  if (consultation.status === 'closed') {
    renderSummary(consultation.summary);
    return;
  }
  options = consultation.options;
  if (options.length) renderChoices(options);
  else {
    show($('choices-field'), false);
    text('comment-optional', '必填');
  }
  if (answered().includes(consultationId)) {
    text('done-text', '您已经参与过这项意见征集。征集结束后，可在本页查看汇总结果。');
    show($('done'));
    return;
  }
  $('comment').addEventListener('input', () => fieldError('comment'));
  $('answer-form').addEventListener('submit', submit);
  show($('answer-form'));
}

void load();
