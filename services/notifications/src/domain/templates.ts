/**
 * The texts of every notification, in Chinese, by city. A template has a title (in-app, e-mail
 * subject, WeChat heading) and a text (SMS, in-app body) with `{param}` placeholders. SMS
 * providers keep their own registered copy of each text; this one is what in-app shows and what
 * the local platform records.
 */

export const TEMPLATE_IDS = [
  'message_receipt',
  'message_new',
  'message_replied',
  'message_answered',
  'message_rating_reminder',
  'case_resolved',
  'case_forwarded',
  'reply_overdue_deputy',
  'reply_overdue_reviewer',
  'case_overdue',
  'deputy_flagged',
  'bulletin',
  'reception_day_reminder',
  'voter_report_reminder',
  'suggestion_registered',
  'suggestion_referred',
  'suggestion_assist',
  'suggestion_answered',
  'activation_code',
  'appointment_code',
  'appointment_confirmed',
  'appointment_reminder',
] as const;

export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateText {
  title: string;
  text: string;
}

export type TemplateCatalog = Readonly<Record<TemplateId, TemplateText>>;

/** The texts every city starts from. */
export const DEFAULT_TEMPLATES: TemplateCatalog = {
  message_receipt: {
    title: '留言已受理',
    text: '【民情直通】您的留言已受理，查询码{trackingCode}。凭查询码和留言时获得的查询密钥，可随时查看办理进度：{link}',
  },
  message_new: { title: '新的群众留言', text: '【民情直通】您有一条新的群众留言（{category}），请于{replyDue}前登录平台查阅答复。' },
  message_replied: { title: '代表已回复', text: '【民情直通】代表已回复您的留言（查询码{trackingCode}），查看：{link}' },
  message_answered: { title: '代表已答复', text: '【民情直通】代表已答复您的留言（查询码{trackingCode}），请查看并评价：{link}' },
  message_rating_reminder: {
    title: '请评价办理结果',
    text: '【民情直通】您的留言（查询码{trackingCode}）评价期将于{closeDue}结束，请查看答复并评价，逾期将按未评价办结：{link}',
  },
  case_resolved: { title: '事项已办结', text: '【民情直通】您反映的事项（查询码{trackingCode}）已办结，请查看办理结果并评价：{link}' },
  case_forwarded: { title: '新的转办事项', text: '事项{caseId}已转交{unitName}办理，请于{acceptDue}前签收，{dueDate}前办结。' },
  reply_overdue_deputy: { title: '留言超期未答复', text: '您有一条群众留言（{messageId}）已超过答复期限（{replyDue}），请尽快答复。' },
  reply_overdue_reviewer: { title: '留言超期未答复（督办）', text: '代表{deputyCode}的群众留言（{messageId}）已超过答复期限（{replyDue}），请督促答复。' },
  case_overdue: { title: '事项超期（督办）', text: '事项{caseId}{stage}已超过期限（{dueAt}），请尽快办理。' },
  deputy_flagged: { title: '代表履职提示', text: '代表{deputyName}（{deputyCode}）{year}年度{reason}，请研究处理。此为履职提示，不是自动罢免。' },
  bulletin: { title: '【政务信息通报】{title}', text: '{body}' },
  reception_day_reminder: { title: '代表固定接待日提醒', text: '明天（{date}）是您所在代表小组的固定接待日，请按时到联络站接待群众。' },
  voter_report_reminder: { title: '向选民述职提醒', text: '请于年底前完成{year}年度向选民述职，并接受选民评议。' },
  suggestion_registered: { title: '建议已立案', text: '您提出的{kind}（{suggestionId}）已立案交办，主办单位{leadUnit}，{dueDate}前答复。' },
  suggestion_referred: { title: '建议转为参考意见', text: '您提出的{kind}（{suggestionId}）未立案，已转为参考意见，原因请登录平台查看。' },
  suggestion_assist: { title: '新的协办建议', text: '代表{kind}（{suggestionId}）由{leadUnit}主办、贵单位协办，请于{dueDate}前向主办单位提出协办意见。' },
  suggestion_answered: { title: '建议已答复', text: '您提出的{kind}（{suggestionId}）已由承办单位书面答复，请登录平台查看并评价。' },
  activation_code: { title: '账号激活码', text: '【民情直通】您的代表账号激活码为{code}，请在工作台“激活账号”页输入并设置密码。如非本人操作，请忽略本短信。' },
  appointment_code: { title: '预约验证码', text: '【民情直通】您预约代表接待的验证码为{code}，10分钟内有效。如非本人操作，请忽略。' },
  appointment_confirmed: {
    title: '接待预约成功',
    text: '【民情直通】您已预约{date} {slot}在{station}参加代表固定接待日，预约号{appointmentId}。如需取消：{link}',
  },
  appointment_reminder: { title: '接待预约提醒', text: '【民情直通】提醒：您预约的代表接待在明天{date} {slot}，地点{station}，预约号{appointmentId}。' },
};

/** Per-city wording, by city name; a city overrides only the templates it words differently. */
export const CITY_TEMPLATES: Readonly<Record<string, Partial<TemplateCatalog>>> = {
  demo: {
    message_receipt: {
      title: '留言已受理',
      text: '【民情直通】您的留言已受理，查询码{trackingCode}。楚雄市人大代表将及时答复，凭查询码和查询密钥可查看办理进度：{link}',
    },
  },
};

/** The catalog of a city. */
export function templatesOf(city: string): TemplateCatalog {
  return { ...DEFAULT_TEMPLATES, ...CITY_TEMPLATES[city] };
}

/** The placeholders a text uses. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]!);
}

/**
 * Fills a template. A placeholder without a value is a programming error, not a message to send
 * with a hole in it, so it throws.
 */
export function render(catalog: TemplateCatalog, template: TemplateId, params: Readonly<Record<string, string>>): TemplateText {
  const { title, text } = catalog[template];
  const fill = (s: string) =>
    s.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`template ${template} needs {${name}}`);
      return value;
    });
  return { title: fill(title), text: fill(text) };
}
