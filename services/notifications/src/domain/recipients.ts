import type { EventOf } from '../../../../shared/events/envelope.ts';
import type { TRIGGER_EVENTS } from '../subscribed-events.ts';
import { accounts, recipientKey, type Channel, type Recipient } from './channels.ts';
import { formatCityDate, formatCityTime } from './city-time.ts';
import type { DeputyFacts, MessageFacts } from './read-model.ts';
import type { TemplateId } from './templates.ts';

/** An event that notifies someone: a union keyed on its detail-type. */
export type Trigger = EventOf<typeof TRIGGER_EVENTS>;

/** What the notification is about: ids that travel on NotificationSent / NotificationFailed. */
export interface NoticeRefs {
  messageId?: string;
  caseId?: string;
  bulletinId?: string;
}

/** One person to tell one thing, on the channels the trigger offers (preferences filter them later). */
export interface Notice {
  recipient: Recipient;
  offered: readonly Channel[];
  template: TemplateId;
  params: Readonly<Record<string, string>>;
  /** The page the notification points to (the citizen's tracking page). */
  link?: string;
  refs: NoticeRefs;
}

/** What the rules need besides the event: the read model and a few city facts. */
export interface NoticeContext {
  /** The message the event concerns, as MessageSubmitted told it (absent if never seen). */
  message?: MessageFacts;
  /** The deputy the event concerns (absent if the directory has not told us of them). */
  deputy?: DeputyFacts;
  city: {
    publicBaseUrl: string;
    timeZone: string;
    categoryName: (code: string) => string;
    /** The templates the city's official account has a WeChat template for (none: citizens are texted). */
    onWeChat?: (template: TemplateId) => boolean;
  };
}

/** Every channel a deputy may choose; by default SMS besides in-app (see preferences.ts). */
const DEPUTY_CHANNELS: readonly Channel[] = ['inapp', 'sms', 'wechat', 'email'];
const STAFF_CHANNELS: readonly Channel[] = ['inapp'];

/**
 * How a citizen is told: on WeChat when they chose it on the tracking page and the city's official
 * account has the template; otherwise by SMS when they left a phone; else not at all.
 */
export function citizenChannels(
  reach: { citizenCanBeTexted: boolean; citizenWeChat?: boolean } | undefined,
  template: TemplateId,
  city: NoticeContext['city'],
): Channel[] {
  if (reach?.citizenWeChat && city.onWeChat?.(template)) return ['wechat'];
  return reach?.citizenCanBeTexted ? ['sms'] : [];
}

/** The citizen's notice, on the channels {@link citizenChannels} gives; none when nothing reaches them. */
function citizenNotice(
  message: { messageId: string; citizenCanBeTexted: boolean; citizenWeChat?: boolean } | undefined,
  notice: Omit<Notice, 'recipient' | 'offered'> & { messageId: string },
  city: NoticeContext['city'],
): Notice[] {
  const offered = citizenChannels(message, notice.template, city);
  if (offered.length === 0) return [];
  const { messageId, ...rest } = notice;
  return [{ recipient: { kind: 'citizen', messageId }, offered, ...rest }];
}

/** Why scoring flagged a deputy (定标退出的提示), as the committee reads it. */
const FLAG_REASONS = {
  absences_without_leave: '未经批准两次不参加代表活动',
  no_voter_report: '未向选民述职',
  mute: '长期不履职（挂名、哑巴、举手代表）',
  term_ended: '任期已终止',
} as const;

/** 建议 / 议案. */
const SUGGESTION_KINDS = { suggestion: '建议', motion: '议案' } as const;

/** 审核 / 签收 / 办结: the stage of a case whose deadline passed. */
const STAGE_NAMES = { review: '审核', acceptance: '签收', resolution: '办结' } as const;

/**
 * The tracking page of a message. The token is never in it: the citizen keeps the token (their
 * browser saved it, or they type it), so a forwarded SMS opens nothing.
 */
export function trackingLink(publicBaseUrl: string, trackingCode: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/t/${trackingCode}`;
}

/**
 * Who reviews a deputy's matters: the city committee for a city deputy, the deputy's township for
 * a township deputy; with no directory facts, the township the event names, else the city.
 */
export function reviewerOf(deputy: DeputyFacts | undefined, townshipCode: string | undefined): Recipient {
  if (deputy?.level === 'city') return accounts.cityReviewer();
  const township = deputy?.townshipCode ?? townshipCode;
  return township ? accounts.townshipReviewer(township) : accounts.cityReviewer();
}

/**
 * Who gets what for each event (the notification rules):
 * - MessageSubmitted → the assigned deputy (in-app, SMS) and, if they gave a phone, a receipt SMS
 *   to the citizen with the tracking code. A message held as a suspected flood notifies nobody.
 * - MessageAssigned after release from review, or a reassignment → the deputy, as for a new message.
 * - MessageReplied, CaseResolved → the citizen with the tracking page to read and rate: on WeChat
 *   if they chose it there (MessageWeChatBound), else by SMS if they gave a phone (known from
 *   MessageSubmitted; see notify-event.ts for a message not seen yet); see {@link citizenChannels}.
 * - MessageRatingReminderDue → the citizen (WeChat or SMS, as above), once, before the rating
 *   window closes.
 * - CaseForwarded → the unit's handler (in-app).
 * - MessageReplyOverdue, CaseOverdue → the one responsible and the reviewer above them (in-app).
 * - DeputyFlagged → the committee (city reviewer), and a township deputy's own township (in-app):
 *   a recommendation to look into, never an automatic removal.
 * - SuggestionRegistered → the proposing deputy and each assisting unit (in-app); the lead unit
 *   hears of it by the CaseForwarded that comes with it. SuggestionReferred, SuggestionAnswered →
 *   the proposing deputy (in-app), who reads the reason or the answer and evaluates it.
 */
export function noticesFor(trigger: Trigger, context: NoticeContext): Notice[] {
  const { city } = context;
  const when = (iso: string) => formatCityTime(new Date(iso), city.timeZone);
  switch (trigger.detailType) {
    case 'MessageSubmitted': {
      const d = trigger.data;
      if (d.heldForReview) return [];
      const refs = { messageId: d.messageId };
      const notices: Notice[] = [];
      if (d.deputyCode) {
        notices.push({
          recipient: accounts.deputy(d.deputyCode),
          offered: DEPUTY_CHANNELS,
          template: 'message_new',
          params: { category: city.categoryName(d.category), replyDue: d.replyDueAt ? when(d.replyDueAt) : '期限内' },
          refs,
        });
      }
      const link = trackingLink(city.publicBaseUrl, d.trackingCode);
      notices.push(
        ...citizenNotice(
          { messageId: d.messageId, citizenCanBeTexted: d.citizenCanBeTexted },
          { messageId: d.messageId, template: 'message_receipt', params: { trackingCode: d.trackingCode, link }, link, refs },
          city,
        ),
      );
      return notices;
    }
    case 'MessageAssigned': {
      const d = trigger.data;
      // A message new to this deputy (released from review, or handed on from one who left office);
      // the others arrive with MessageSubmitted, which notifies.
      if (d.reason !== 'released' && d.reason !== 'reassigned') return [];
      const category = context.message ? city.categoryName(context.message.category) : '群众留言';
      return [
        {
          recipient: accounts.deputy(d.deputyCode),
          offered: DEPUTY_CHANNELS,
          template: 'message_new',
          params: { category, replyDue: when(d.replyDueAt) },
          refs: { messageId: d.messageId },
        },
      ];
    }
    case 'MessageReplied': {
      const d = trigger.data;
      const link = trackingLink(city.publicBaseUrl, d.trackingCode);
      const template = d.closed ? 'message_answered' : 'message_replied';
      return citizenNotice(
        context.message,
        { messageId: d.messageId, template, params: { trackingCode: d.trackingCode, link }, link, refs: { messageId: d.messageId } },
        city,
      );
    }
    case 'CaseResolved': {
      const d = trigger.data;
      // A deputy's suggestion has no citizen to tell.
      if (!d.messageId || !context.message) return [];
      const link = trackingLink(city.publicBaseUrl, context.message.trackingCode);
      return citizenNotice(
        context.message,
        {
          messageId: d.messageId,
          template: 'case_resolved',
          params: { trackingCode: context.message.trackingCode, link },
          link,
          refs: { messageId: d.messageId, caseId: d.caseId },
        },
        city,
      );
    }
    case 'MessageRatingReminderDue': {
      const d = trigger.data;
      const link = trackingLink(city.publicBaseUrl, d.trackingCode);
      return citizenNotice(
        context.message,
        {
          messageId: d.messageId,
          template: 'message_rating_reminder',
          params: { trackingCode: d.trackingCode, closeDue: when(d.closeDueAt), link },
          link,
          refs: { messageId: d.messageId },
        },
        city,
      );
    }
    case 'CaseForwarded': {
      const d = trigger.data;
      return [
        {
          recipient: accounts.unitHandler(d.unitCode),
          offered: STAFF_CHANNELS,
          template: 'case_forwarded',
          params: { caseId: d.caseId, unitName: d.unitName, acceptDue: when(d.acceptDueAt), dueDate: formatCityDate(d.dueDate) },
          refs: { caseId: d.caseId, messageId: d.messageId },
        },
      ];
    }
    case 'MessageReplyOverdue': {
      const d = trigger.data;
      const refs = { messageId: d.messageId };
      const params = { messageId: d.messageId, deputyCode: d.deputyCode, replyDue: when(d.replyDueAt) };
      return [
        { recipient: accounts.deputy(d.deputyCode), offered: STAFF_CHANNELS, template: 'reply_overdue_deputy', params, refs },
        { recipient: reviewerOf(context.deputy, d.townshipCode), offered: STAFF_CHANNELS, template: 'reply_overdue_reviewer', params, refs },
      ];
    }
    case 'CaseOverdue': {
      const d = trigger.data;
      const responsible = responsibleOf(d.responsible, d.townshipCode);
      const reviewer = reviewerOf(context.deputy, d.townshipCode);
      const params = { caseId: d.caseId, stage: STAGE_NAMES[d.stage], dueAt: when(d.dueAt) };
      const refs = { caseId: d.caseId, messageId: d.messageId };
      // At review the one responsible is the reviewer: told once.
      return uniqueByRecipient([responsible, reviewer].filter((r): r is Recipient => r !== undefined)).map((recipient) => ({
        recipient,
        offered: STAFF_CHANNELS,
        template: 'case_overdue',
        params,
        refs,
      }));
    }
    case 'SuggestionRegistered': {
      const d = trigger.data;
      const refs = { caseId: d.caseId };
      const params = { kind: SUGGESTION_KINDS[d.kind], suggestionId: d.suggestionId, leadUnit: d.leadUnitName, dueDate: formatCityDate(d.dueDate) };
      return [
        { recipient: accounts.deputy(d.deputyCode), offered: STAFF_CHANNELS, template: 'suggestion_registered', params, refs },
        ...d.assistingUnitCodes.map(
          (unitCode): Notice => ({ recipient: accounts.unitHandler(unitCode), offered: STAFF_CHANNELS, template: 'suggestion_assist', params, refs }),
        ),
      ];
    }
    case 'SuggestionReferred':
    case 'SuggestionAnswered': {
      const d = trigger.data;
      const template = trigger.detailType === 'SuggestionReferred' ? 'suggestion_referred' : 'suggestion_answered';
      const params = { kind: SUGGESTION_KINDS[d.kind], suggestionId: d.suggestionId };
      return [{ recipient: accounts.deputy(d.deputyCode), offered: STAFF_CHANNELS, template, params, refs: { caseId: d.caseId } }];
    }
    case 'DeputyFlagged': {
      const d = trigger.data;
      const params = { deputyName: context.deputy?.name ?? d.deputyCode, deputyCode: d.deputyCode, year: String(d.year), reason: FLAG_REASONS[d.reason] };
      return uniqueByRecipient([accounts.cityReviewer(), reviewerOf(context.deputy, d.townshipCode)]).map((recipient) => ({
        recipient,
        offered: STAFF_CHANNELS,
        template: 'deputy_flagged',
        params,
        refs: {},
      }));
    }
    // How the citizen is reached changed: notify-event.ts records it; nobody is told.
    case 'MessageWeChatBound':
    case 'MessageWeChatUnbound':
      return [];
  }
}

function responsibleOf(
  responsible: Extract<Trigger, { detailType: 'CaseOverdue' }>['data']['responsible'],
  townshipCode: string | undefined,
): Recipient | undefined {
  switch (responsible.role) {
    case 'unit_handler':
      return responsible.code ? accounts.unitHandler(responsible.code) : undefined;
    case 'township_reviewer': {
      const township = responsible.code ?? townshipCode;
      return township ? accounts.townshipReviewer(township) : undefined;
    }
    case 'city_reviewer':
      return accounts.cityReviewer();
  }
}

function uniqueByRecipient(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = recipientKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
