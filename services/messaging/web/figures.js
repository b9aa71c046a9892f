// @ts-check
// Public figures on a message page: a deputy's responsiveness, a station's year (统计公开).
import { $, api, make, show, text } from './common.js';

/**
 * @typedef {{ messages: number, answeredOnTime: number | null, medianReplyHours: number | null,
 *   rated: number | null, satisfied: number | null, enough: boolean, minimum: number, method: string }} Responsiveness
 */

/** @param {number} part @param {number} whole */
const percent = (part, whole) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);

/** @param {number} hours */
const duration = (hours) => (hours < 48 ? `${Math.round(hours * 10) / 10} 小时` : `${Math.round((hours / 24) * 10) / 10} 天`);

/**
 * @param {HTMLElement} list
 * @param {string} label
 * @param {string} value
 */
function figure(list, label, value) {
  const item = make('div', '', 'figure');
  item.append(make('dt', label), make('dd', value));
  list.append(item);
}

/**
 * The deputy's last 12 months, or "too few to say" below the minimum sample.
 * @param {Responsiveness | undefined} r
 */
export function showResponsiveness(r) {
  if (!r) return;
  const list = $('figure-list');
  text('figures-title', '近12个月答复情况');
  if (r.enough && r.answeredOnTime !== null) {
    figure(list, '收到留言', `${r.messages} 条`);
    figure(list, '按时答复', percent(r.answeredOnTime, r.messages));
    figure(list, '答复用时（中位数）', r.medianReplyHours === null ? '—' : duration(r.medianReplyHours));
    figure(list, '群众满意', r.rated ? percent(r.satisfied ?? 0, r.rated) : '暂无评价');
  } else {
    // A <dl> holds only terms and their values, so the notice stands beside it.
    text('figures-too-few', `近12个月留言不足${r.minimum}条，样本过少，暂不统计。`);
    show($('figures-too-few'));
    show(list, false);
  }
  text('figures-method', r.method);
  show($('figures'));
}

/**
 * The station's year: messages received, answered, resolved, and the latest matters solved
 * (category, township, date and the unit's official result only).
 * @param {string} stationCode
 * @param {(code: string) => string | undefined} categoryName
 * @param {(code: string) => string | undefined} townshipName
 */
export async function showStationFigures(stationCode, categoryName, townshipName) {
  const response = await api(`/v1/public/stations/${encodeURIComponent(stationCode)}/stats`);
  if (response.status !== 200) return;
  const s = response.body;
  const list = $('figure-list');
  text('figures-title', `${s.year}年本站办理情况`);
  figure(list, '收到留言', `${s.received} 条`);
  figure(list, '代表已答复', `${s.answered} 条`);
  figure(list, '已办结', `${s.resolved} 件`);
  if (s.latestSolved.length > 0) {
    const solved = $('solved-list');
    for (const matter of /** @type {{ category: string, townshipCode: string | null, resolvedOn: string, result: string }[]} */ (s.latestSolved)) {
      const item = make('li', '');
      const where = [categoryName(matter.category) ?? matter.category, matter.townshipCode ? townshipName(matter.townshipCode) : undefined, matter.resolvedOn]
        .filter(Boolean)
        .join(' · ');
      item.append(make('p', where, 'muted'), make('p', matter.result));
      solved.append(item);
    }
    show($('solved'));
  }
  text('figures-method', '统计今年通过本站站码收到的留言；办结事项只公开承办单位的办理结果，不公开留言内容和留言人信息。');
  show($('figures'));
}
