import type { AccountStatus, ActivityKind, CaseStatus, FlagReason, HeldItem, MessageStatus, Role } from './api/types.ts';

/** Chinese names for the API's codes. Every record is total over its codes, so a new code fails the type check. */
export const ROLE_NAMES: Record<Role, string> = {
  deputy: '人大代表',
  township_reviewer: '乡镇（街道）人大审核员',
  city_reviewer: '市人大常委会审核员',
  unit_handler: '承办单位经办人',
  admin: '系统管理员',
};

/** An account's status: created and waiting for its holder (a deputy's activation), in use, or stopped. */
export const ACCOUNT_STATUS: Record<AccountStatus, string> = {
  pending: '待激活',
  active: '正常',
  disabled: '已停用',
};

export const MESSAGE_STATUS: Record<MessageStatus, string> = {
  held: '待核实',
  submitted: '待答复',
  answered: '已答复',
  escalated: '已提交审核',
  under_review: '审核中',
  forwarded: '已转办',
  in_progress: '办理中',
  resolved: '已办结',
  declined: '不予受理',
  reopened: '重新办理',
  closed: '已关闭',
};

export const CASE_STATUS: Record<CaseStatus, string> = {
  under_review: '待审核',
  returned: '已退回代表',
  declined: '不予受理',
  forwarded: '已转办',
  in_progress: '办理中',
  reassign_requested: '申请改派',
  resolved: '已办结',
  reopened: '重新办理',
  closed: '已关闭',
};

export const CASE_STEPS: Record<string, string> = {
  opened: '提交审核',
  forwarded: '转交承办单位',
  returned: '退回代表',
  declined: '不予受理',
  accepted: '承办单位受理',
  progress: '办理进展',
  resolved: '办结',
  reassign_requested: '申请改派',
  reopened: '重新办理',
  overdue: '超期督办',
  closed: '关闭',
  merged: '合并办理',
  registered: '立案交办',
  referred: '转为参考意见',
  assisted: '协办意见',
  meeting: '约见代表',
  answered: '书面答复',
  evaluated: '代表评价',
};

/** 建议 / 议案. */
export const SUGGESTION_KINDS: Record<'suggestion' | 'motion', string> = { suggestion: '建议', motion: '议案' };
/** The result class of a written answer. */
export const RESULT_CLASSES: Record<'solved' | 'being_solved' | 'planned' | 'explained', string> = {
  solved: '已解决',
  being_solved: '正在解决',
  planned: '列入计划',
  explained: '说明解释',
};
/** The deputy's evaluation of the answer. */
export const SATISFACTION: Record<'satisfied' | 'basically' | 'unsatisfied', string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

export const ACTIVITY_KINDS: Record<ActivityKind, string> = {
  meeting: '出席会议',
  absence: '缺席活动',
  proposal: '提出议案',
  suggestion: '提出建议',
  inspection: '视察调研',
  voter_report: '向选民述职',
  reception_day: '代表固定接待日',
  training: '参加培训',
  practical_matter: '办实事',
};

/** Points rules of the ledger (积分规则). */
export const RULES: Record<string, string> = {
  base: '基础积分',
  ...ACTIVITY_KINDS,
  answered_on_time: '按时答复群众留言',
  resolved_satisfied: '群众满意的办结事项',
  absence_without_leave: '未经批准缺席',
  reply_overdue: '答复超期',
  citizen_unsatisfied: '群众不满意',
};

export const FLAG_REASONS: Record<FlagReason, string> = {
  absences_without_leave: '未经批准两次以上不参加活动',
  no_voter_report: '年内未向选民述职',
  mute: '年内未提出建议、未答复群众留言',
  term_ended: '代表资格已终止',
};

/** Why a message waits for a reviewer (待核实的原因). */
export const HOLD_REASONS: Record<HeldItem['reason'], string> = {
  flood: '同一来源短时间内重复提交',
  no_deputy: '联络站暂无在任代表',
};

export const RATINGS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

export const CHANNELS: Record<string, string> = { sms: '短信', wechat: '微信', email: '电子邮件', inapp: '站内通知' };

export const DELIVERY_STATUS: Record<string, string> = { pending: '等待发送', sending: '发送中', sent: '已发送', failed: '发送失败' };

export const UNIT_KINDS: Record<string, string> = { city_department: '市直部门', township_office: '乡镇（街道）' };

/** 督办等级 with its words, so colour is never the only signal. */
export const URGENCY: Record<'green' | 'yellow' | 'red', string> = {
  green: '绿灯 · 3日内到期',
  yellow: '黄灯 · 1日内到期',
  red: '红灯 · 已超期',
};

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time as the city reads it (Asia/Shanghai), whatever the device's zone. */
export function cityTime(iso: string | null | undefined): string {
  return iso ? shanghai.format(new Date(iso)) : '—';
}

/** Today's date in the city, `YYYY-MM-DD`. */
export function cityToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** `YYYY-MM-DD` plus some days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first line of a message, for lists. */
export function firstLine(text: string, max = 80): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  return [...line].length > max ? `${[...line].slice(0, max).join('')}…` : line;
}

/** A date picker's day (a local-midnight Date) as `YYYY-MM-DD`. */
export function pickerDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
