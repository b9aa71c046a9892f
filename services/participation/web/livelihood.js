// @ts-check
// 民生实事票决: a published ballot's public page (/l/<ballotId>): the projects chosen by the
// deputies' vote, their quarterly progress and the deputies' year-end rating, and the others' counts.
import { $, api, formatTime, make, show, text } from '/assets/common.js';

const ballotId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const QUARTERS = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

/** @param {any} project */
function counts(project) {
  return `赞成 ${project.yes} 票 · 反对 ${project.no} 票 · 弃权 ${project.abstain} 票`;
}

/** @param {any} project */
function facts(project) {
  const list = make('dl', undefined, 'facts');
  list.append(
    make('dt', '牵头单位'),
    make('dd', project.leadUnitName),
    make('dt', '资金安排'),
    make('dd', project.budgetNote),
    make('dt', '表决'),
    make('dd', counts(project)),
  );
  return list;
}

/** @param {any} project */
function chosenItem(project) {
  const item = make('li', undefined, 'project');
  item.append(make('h3', project.title, 'small-heading'), make('p', project.description, 'entry-text'), facts(project));
  const latest = project.progress.at(-1);
  const bar = make('div', undefined, 'bar');
  bar.setAttribute('aria-hidden', 'true');
  const fill = make('span');
  fill.style.width = `${latest?.percent ?? 0}%`;
  bar.append(fill);
  item.append(make('p', latest ? `进展：已完成 ${latest.percent}%（${QUARTERS[latest.quarter]}）` : '进展：牵头单位尚未报告', 'label'), bar);
  if (project.progress.length) {
    const reports = make('ul', undefined, 'comments');
    for (const report of project.progress) reports.append(make('li', `${QUARTERS[report.quarter]}（${report.percent}%）：${report.text}`));
    item.append(reports);
  }
  const rated = project.ratings;
  if (rated && rated.satisfied + rated.basically + rated.unsatisfied > 0)
    item.append(make('p', `代表评议：满意 ${rated.satisfied} · 基本满意 ${rated.basically} · 不满意 ${rated.unsatisfied}`, 'muted'));
  return item;
}

/** @param {any} project */
function otherItem(project) {
  const item = make('li', undefined, 'project');
  item.append(make('h3', project.title, 'small-heading'), make('p', counts(project), 'muted'));
  return item;
}

async function load() {
  const response = await api(`/v1/public/livelihood-ballots/${encodeURIComponent(ballotId)}`);
  if (response.status === 404 || response.status === 400) {
    text('status', '');
    show($('not-found'));
    return;
  }
  if (response.status !== 200) {
    text('status', '暂时无法加载，请稍后刷新重试。');
    return;
  }
  const ballot = response.body;
  text('status', '');
  document.title = `${ballot.title} · 民生实事票决 · 民情直通`;
  text('title', ballot.title);
  text('published', `${formatTime(ballot.publishedAt)} 公布 · 在任代表 ${ballot.deputiesInOffice} 名`);
  show($('ballot'));
  const chosen = ballot.projects.filter((/** @type {any} */ p) => p.chosen);
  const others = ballot.projects.filter((/** @type {any} */ p) => !p.chosen);
  if (chosen.length) {
    $('chosen').append(...chosen.map(chosenItem));
    show($('chosen-block'));
  }
  if (others.length) {
    $('others').append(...others.map(otherItem));
    show($('others-block'));
  }
}

void load();
