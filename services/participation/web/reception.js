// @ts-check
// 代表固定接待日: a station's reception days (/r/<stationCode>), where a citizen books a slot and
// verifies the SMS code; and their appointment (/a/<appointmentId>), cancelled with the token this
// browser kept from the confirmation.
import { $, api, fieldError, make, readable, show, text } from '/assets/common.js';

const [, mode, rawCode] = location.pathname.split('/');
const code = decodeURIComponent(rawCode ?? '');
const TOKENS_KEY = 'minqing.appointments';
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** `12月15日（星期二）` */
function dayLabel(/** @type {string} */ date) {
  const [year, month, day] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1)).getUTCDay();
  return `${month}月${day}日（星期${WEEKDAYS[weekday]}）`;
}

/** @returns {Record<string, string>} appointment id → cancel token */
function savedTokens() {
  try {
    const saved = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch {
    return {};
  }
}

function saveToken(/** @type {string} */ appointmentId, /** @type {string} */ token) {
  try {
    const kept = Object.entries(savedTokens()).slice(-19);
    localStorage.setItem(TOKENS_KEY, JSON.stringify(Object.fromEntries([...kept, [appointmentId, token]])));
  } catch {
    // private browsing: the confirmation is shown now, cancelling later needs this browser's storage
  }
}

/** @type {string | undefined} the appointment waiting for its code */
let pendingId;

/**
 * What the page says for each refusal the booking routes give, by the API's error code; the API's
 * own `message` only where it is Chinese, and this page's words otherwise.
 * @type {Readonly<Record<string, string>>}
 */
const REFUSALS = {
  SLOT_FULL: '该时段已约满，请选择其他时段。',
  NOT_PENDING: '该预约无需验证。',
  CODE_EXPIRED: '验证码已失效，请重新预约。',
  ALREADY_CANCELLED: '该预约已取消。',
  TOO_LATE: '接待已开始或已结束，无法取消。',
  NOT_FOUND: '没有找到该预约，请重新预约。',
  INVALID_INPUT: '提交的内容有误，请按提示修改。',
};

function errorMessage(/** @type {import('/assets/common.js').ApiResponse} */ response, /** @type {string} */ fallback) {
  if (response.status === 0) return '网络连接失败，请检查网络后重试。';
  if (response.status === 429) return '提交过于频繁，请稍后再试。';
  if (response.status >= 500) return fallback;
  return REFUSALS[response.body?.error?.code] ?? readable(response.body?.error?.message) ?? fallback;
}

/** @param {any} data the station's reception days */
function renderDays(data) {
  const holder = $('days');
  for (const day of data.days) {
    const block = make('div', undefined, 'day');
    block.append(make('p', `${dayLabel(day.date)} · 接待代表：${day.deputies.join('、')}`, 'day-title'));
    const slots = make('div', undefined, 'slots');
    for (const slot of day.slots) {
      const label = make('label', undefined, slot.left > 0 ? 'slot' : 'slot full');
      const input = make('input');
      input.type = 'radio';
      input.name = 'slot';
      input.value = JSON.stringify({ groupCode: day.groupCode, date: day.date, slot: slot.start });
      input.disabled = slot.left <= 0;
      input.addEventListener('change', () => fieldError('slot'));
      label.append(input, make('span', `${slot.start}–${slot.end} ${slot.left > 0 ? `余${slot.left}` : '已满'}`));
      slots.append(label);
    }
    block.append(slots);
    holder.append(block);
  }
}

/** @param {SubmitEvent} event */
async function book(event) {
  event.preventDefault();
  const chosen = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="slot"]:checked'));
  const topic = /** @type {HTMLTextAreaElement} */ ($('topic')).value.trim();
  const name = /** @type {HTMLInputElement} */ ($('name')).value.trim();
  const phone = /** @type {HTMLInputElement} */ ($('phone')).value.trim();
  show($('form-error'), false);
  let valid = true;
  if (!chosen) valid = !fieldError('slot', '请选择接待时段');
  if (!topic) valid = !fieldError('topic', '请填写反映的事项') && valid;
  if (!/^1\d{10}$/.test(phone)) valid = !fieldError('phone', '请填写11位手机号码') && valid;
  if (!valid || !chosen) return;
  const button = /** @type {HTMLButtonElement} */ ($('submit'));
  button.disabled = true;
  text('status', '正在提交…');
  const response = await api('/v1/appointments', { method: 'POST', body: { ...JSON.parse(chosen.value), topic, phone, ...(name ? { name } : {}) } });
  button.disabled = false;
  text('status', '');
  if (response.status === 201 && response.body.status === 'pending') {
    pendingId = response.body.appointmentId;
    text('code-phone', `${phone.slice(0, 3)}****${phone.slice(-4)}`);
    show($('booking-form'), false);
    show($('code-form'));
    $('code').focus();
    return;
  }
  if (response.status === 201) return booked(response.body.appointmentId, response.body.cancelToken);
  for (const detail of response.body?.error?.details ?? [])
    fieldError(String(detail.path).split('.')[0] ?? '', readable(detail.message) ?? '填写的内容不符合要求');
  text('form-error', errorMessage(response, '预约失败，请稍后再试。'));
  show($('form-error'));
}

/** @param {SubmitEvent} event */
async function verify(event) {
  event.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($('code')).value.trim();
  show($('code-form-error'), false);
  if (!/^\d{6}$/.test(value)) {
    fieldError('code', '请填写6位验证码');
    return;
  }
  fieldError('code');
  const button = /** @type {HTMLButtonElement} */ ($('verify'));
  button.disabled = true;
  const response = await api(`/v1/appointments/${encodeURIComponent(pendingId ?? '')}/verification`, { method: 'POST', body: { code: value } });
  button.disabled = false;
  if (response.status === 200) return booked(response.body.appointmentId, response.body.cancelToken);
  if (response.status === 400) {
    fieldError('code', '验证码不正确，请重新输入');
    return;
  }
  text('code-form-error', errorMessage(response, '预约失败，请稍后再试。'));
  show($('code-form-error'));
}

/** Booked: the token is kept in this browser, and the appointment's own page shows it. */
async function booked(/** @type {string} */ appointmentId, /** @type {string} */ token) {
  saveToken(appointmentId, token);
  history.replaceState(null, '', `/a/${encodeURIComponent(appointmentId)}`);
  show($('code-form'), false);
  show($('booking-form'), false);
  show($('station'), false);
  await showAppointment(appointmentId, '预约成功');
}

const STATES = { pending: '预约待验证', booked: '预约成功', cancelled: '预约已取消', held: '已接待', not_attended: '未到场' };

/** @param {string} appointmentId @param {string} [title] */
async function showAppointment(appointmentId, title) {
  const token = savedTokens()[appointmentId];
  if (!token) {
    text('not-found-text', '请在预约时使用的手机浏览器中打开本页；如需取消，请联系联络站工作人员。');
    text('not-found-title', '无法查看这个预约');
    text('status', '');
    show($('not-found'));
    return;
  }
  const response = await api(`/v1/appointments/${encodeURIComponent(appointmentId)}`, { headers: { 'x-appointment-token': token } });
  text('status', '');
  if (response.status !== 200) {
    text('not-found-title', '找不到这个预约');
    text('not-found-text', '预约可能已被删除，或本浏览器保存的预约凭证已失效。');
    show($('not-found'));
    return;
  }
  const a = response.body;
  document.title = `${STATES[/** @type {keyof typeof STATES} */ (a.status)]} · 代表固定接待日 · 民情直通`;
  text('appointment-title', title ?? STATES[/** @type {keyof typeof STATES} */ (a.status)]);
  text('appointment-when', `${dayLabel(a.date)} ${a.slot}–${a.slotEnd}`);
  text('appointment-where', a.station.name);
  text('appointment-id', a.appointmentId);
  text('appointment-topic', a.topic);
  text('appointment-hint', a.status === 'booked' ? '接待前一天会短信提醒您。请按时到站，如不能前来请提前取消。' : '');
  const rebook = /** @type {HTMLAnchorElement} */ ($('rebook'));
  rebook.href = `/r/${encodeURIComponent(a.station.code)}`;
  show(rebook, a.status === 'cancelled');
  show($('cancel'), a.status === 'booked');
  show($('appointment'));
  $('appointment').focus();
  $('cancel').onclick = async () => {
    if (!confirm('确定取消这个预约吗？')) return;
    const cancelled = await api(`/v1/appointments/${encodeURIComponent(appointmentId)}/cancel`, { method: 'POST', headers: { 'x-appointment-token': token } });
    if (cancelled.status === 204) return showAppointment(appointmentId);
    text('cancel-error', errorMessage(cancelled, '取消失败，请稍后再试。'));
    show($('cancel-error'));
  };
}

async function loadStation() {
  const response = await api(`/v1/reception-days?station=${encodeURIComponent(code)}`);
  text('status', '');
  if (response.status === 404 || response.status === 400) {
    show($('not-found'));
    return;
  }
  if (response.status !== 200) {
    text('status', '暂时无法加载，请稍后刷新重试。');
    return;
  }
  document.title = `${response.body.station.name} · 代表固定接待日 · 民情直通`;
  text('station-name', response.body.station.name);
  show($('station'));
  if (response.body.days.length === 0) {
    show($('no-days'));
    return;
  }
  renderDays(response.body);
  for (const field of ['topic', 'name', 'phone']) $(field).addEventListener('input', () => fieldError(field));
  $('booking-form').addEventListener('submit', book);
  $('code-form').addEventListener('submit', verify);
  show($('booking-form'));
}

void (mode === 'a' ? showAppointment(code) : loadStation());
