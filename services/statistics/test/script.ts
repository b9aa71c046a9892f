import type { CountedEvent } from '../src/domain/fact-writes.ts';
import { COUNTED_EVENTS } from '../src/subscribed-events.ts';

/**
 * A scripted month of a city's activity, as the events the bus would carry, with the plan behind
 * it so that tests count the expected figures from the plan, not from the events.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What happens to one scripted message. */
export type Outcome = 'on_time' | 'late' | 'unanswered' | 'resolved' | 'stuck_at_unit' | 'two_replies' | 'held';

export interface PlannedMessage {
  messageId: string;
  deputyCode?: string;
  townshipCode: string;
  stationCode: string;
  category: string;
  submittedAt: Date;
  outcome: Outcome;
  replyHours?: number;
  rating?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  unitCode?: string;
  forwardedAt?: Date;
  acceptedOnTime?: boolean;
  resolvedOnTime?: boolean;
  resolvedAfterDays?: number;
}

/** One event as a test puts it on the bus. */
export interface ScriptedEvent {
  eventId: string;
  occurredAt: string;
  event: CountedEvent;
}

export interface Script {
  from: string;
  to: string;
  plan: PlannedMessage[];
  events: ScriptedEvent[];
  deputies: { code: string; name: string; townshipCode: string; stationCode: string }[];
  units: { code: string; name: string }[];
}

const OUTCOMES: Outcome[] = ['on_time', 'late', 'unanswered', 'resolved', 'stuck_at_unit', 'two_replies', 'on_time', 'resolved', 'held', 'on_time'];
const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** City date (`yyyy-mm-dd`) of a time, by the platform's own formatter (not statistics' code). */
export const cityDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/**
 * A month of messages ending `endDaysAgo` days before `now` (default 20, so that every step, the slowest resolution included, has happened) to the given deputies, in the given
 * categories, with units the script names itself (`prefix` keeps them apart).
 */
export function scriptMonth(options: {
  now: Date;
  timeZone: string;
  deputies: Script['deputies'];
  categories: string[];
  messages: number;
  prefix: string;
  endDaysAgo?: number;
}): Script {
  const { now, timeZone, deputies, categories, prefix } = options;
  const fromDay = cityDay(new Date(now.getTime() - ((options.endDaysAgo ?? 20) + 29) * DAY), timeZone);
  const toDay = cityDay(new Date(now.getTime() - (options.endDaysAgo ?? 20) * DAY), timeZone);
  // Midday in the city (the demo city is UTC+8) on the first day: every message lands inside the period.
  const start = new Date(`${fromDay}T12:00:00+08:00`);
  const units = [0, 1, 2].map((i) => ({ code: `u-${prefix.toLowerCase()}-${i}`, name: `承办单位${i}` }));
  const plan: PlannedMessage[] = [];
  const events: ScriptedEvent[] = [];
  let n = 0;
  const emit = (at: Date, event: CountedEvent) => events.push({ eventId: `${prefix}-e${++n}`, occurredAt: at.toISOString(), event });
  for (const d of deputies)
    emit(new Date(start.getTime() - DAY), {
      detailType: 'DeputyRegistered',
      data: {
        deputyCode: d.code,
        name: d.name,
        level: 'township',
        townshipCode: d.townshipCode,
        stationCode: d.stationCode,
        roomCode: 'room-1',
        gridCode: 'grid-1',
        groupCode: 'grp-1',
        category: 'farmer',
      },
    });

  for (let i = 0; i < options.messages; i++) {
    const deputy = deputies[i % deputies.length]!;
    const outcome = OUTCOMES[i % OUTCOMES.length]!;
    const submittedAt = new Date(start.getTime() + Math.floor((i * 29 * DAY) / options.messages) + (i % 5) * HOUR);
    const m: PlannedMessage = {
      messageId: `m-${prefix.toLowerCase()}${String(i).padStart(6, '0')}`,
      townshipCode: deputy.townshipCode,
      stationCode: deputy.stationCode,
      category: categories[i % categories.length]!,
      submittedAt,
      outcome,
      ...(outcome === 'held' ? {} : { deputyCode: deputy.code }),
    };
    plan.push(m);
    const replyDueAt = new Date(submittedAt.getTime() + 3 * DAY);
    const iso = (at: Date) => at.toISOString();
    emit(submittedAt, {
      detailType: 'MessageSubmitted',
      data: {
        messageId: m.messageId,
        trackingCode: `T${i}`,
        category: m.category,
        via: 'station',
        stationCode: m.stationCode,
        ...(m.deputyCode ? { deputyCode: m.deputyCode, replyDueAt: iso(replyDueAt) } : {}),
        townshipCode: m.townshipCode,
        submittedAt: iso(submittedAt),
        citizenCanBeTexted: false,
        heldForReview: outcome === 'held',
      },
    });
    if (outcome === 'held') continue;
    emit(submittedAt, {
      detailType: 'MessageAssigned',
      data: {
        messageId: m.messageId,
        deputyCode: deputy.code,
        stationCode: m.stationCode,
        assignedAt: iso(submittedAt),
        replyDueAt: iso(replyDueAt),
        reason: 'least_loaded',
      },
    });
    const reply = (hours: number, closed: boolean) => {
      const at = new Date(submittedAt.getTime() + hours * HOUR);
      emit(at, {
        detailType: 'MessageReplied',
        data: { messageId: m.messageId, deputyCode: deputy.code, repliedAt: iso(at), closed, withinSla: at <= replyDueAt, trackingCode: `T${i}` },
      });
    };
    const rate = (rating: PlannedMessage['rating'] & string, afterHours: number, ratedStatus: 'answered' | 'resolved') => {
      m.rating = rating;
      const at = new Date(submittedAt.getTime() + afterHours * HOUR);
      emit(at, { detailType: 'MessageRated', data: { messageId: m.messageId, deputyCode: deputy.code, rating, ratedStatus, ratedAt: iso(at) } });
      emit(at, { detailType: 'MessageClosed', data: { messageId: m.messageId, deputyCode: deputy.code, closedAt: iso(at), reason: 'rated' } });
    };
    if (outcome === 'on_time' || outcome === 'two_replies') {
      m.replyHours = 2 + (i % 7) * 3;
      reply(m.replyHours, outcome === 'on_time');
      if (outcome === 'two_replies') reply(m.replyHours + 30, true);
      else rate(RATINGS[i % 2]!, 60, 'answered');
    } else if (outcome === 'late') {
      m.replyHours = 80 + (i % 4) * 10;
      reply(m.replyHours, true);
      rate('unsatisfied', m.replyHours + 5, 'answered');
    } else if (outcome === 'resolved' || outcome === 'stuck_at_unit') {
      const caseId = `c-${m.messageId.slice(2)}`;
      const unit = units[i % units.length]!;
      m.unitCode = unit.code;
      const escalatedAt = new Date(submittedAt.getTime() + 5 * HOUR);
      emit(escalatedAt, {
        detailType: 'MessageEscalated',
        data: {
          messageId: m.messageId,
          caseId,
          deputyCode: deputy.code,
          deputyLevel: 'township',
          townshipCode: m.townshipCode,
          category: m.category,
          escalatedAt: iso(escalatedAt),
        },
      });
      const forwardedAt = new Date(escalatedAt.getTime() + DAY);
      m.forwardedAt = forwardedAt;
      const acceptDueAt = new Date(forwardedAt.getTime() + 2 * DAY);
      const dueDate = cityDay(new Date(forwardedAt.getTime() + 10 * DAY), timeZone);
      const facts = { caseId, messageId: m.messageId, kind: 'problem' as const };
      emit(forwardedAt, {
        detailType: 'CaseForwarded',
        data: { ...facts, sequence: 2, unitCode: unit.code, unitName: unit.name, dueDate, acceptDueAt: iso(acceptDueAt), forwardedAt: iso(forwardedAt) },
      });
      m.acceptedOnTime = i % 3 !== 0;
      const acceptedAt = new Date(forwardedAt.getTime() + (m.acceptedOnTime ? 1 : 3) * DAY);
      const committedDate = cityDay(new Date(forwardedAt.getTime() + 8 * DAY), timeZone);
      emit(acceptedAt, { detailType: 'CaseAccepted', data: { ...facts, sequence: 3, unitCode: unit.code, committedDate, acceptedAt: iso(acceptedAt) } });
      if (outcome === 'resolved') {
        m.resolvedOnTime = i % 4 !== 3;
        m.resolvedAfterDays = m.resolvedOnTime ? 5 : 12;
        const resolvedAt = new Date(forwardedAt.getTime() + m.resolvedAfterDays * DAY);
        emit(resolvedAt, {
          detailType: 'CaseResolved',
          data: { ...facts, sequence: 4, unitCode: unit.code, result: `已办结第${i}件。`, resolvedAt: iso(resolvedAt), onTime: m.resolvedOnTime },
        });
        const rating = RATINGS[i % 3]!;
        const ratedAt = new Date(resolvedAt.getTime() + DAY);
        rate(rating, (ratedAt.getTime() - submittedAt.getTime()) / HOUR, 'resolved');
        emit(ratedAt, { detailType: 'CaseClosed', data: { ...facts, sequence: 5, closedAt: iso(ratedAt), rating } });
      }
    }
  }
  return { from: fromDay, to: toDay, plan, events, deputies, units };
}

/**
 * The month the end-to-end tests script for the demo city: 60 messages to six deputies in office,
 * three of Lucheng and three of Donggua, in the city's first four categories.
 */
export function scriptDemoMonth(
  city: { timeZone: string; categories: readonly { code: string }[] },
  directory: readonly (Script['deputies'][number] & { termStatus: string })[],
  prefix: string,
): Script {
  const chosen = ['lucheng', 'donggua'].flatMap((t) => directory.filter((d) => d.townshipCode === t && d.termStatus === 'active').slice(0, 3));
  return scriptMonth({
    now: new Date(),
    timeZone: city.timeZone,
    deputies: chosen.map((d) => ({ code: d.code, name: d.name, townshipCode: d.townshipCode, stationCode: d.stationCode })),
    categories: city.categories.slice(0, 4).map((c) => c.code),
    messages: 60,
    prefix,
  });
}

/** Fisher–Yates with a seeded generator, so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What a test needs of the bus: EventBridge's `PutEvents`, as the local bus answers it. */
interface Bus {
  putEvents(entries: { Source: string; DetailType: string; Detail: string }[]): { FailedEntryCount: number };
}

/**
 * Puts scripted events on the bus as their producers would, ten to a call, optionally under fresh
 * event ids (a replay after the idempotency window). Returns how many entries the bus refused.
 */
export function publishScripted(bus: Bus, events: readonly ScriptedEvent[], city: string, idSuffix = ''): number {
  const source = (detailType: string) => COUNTED_EVENTS.find((c) => c.detailType === detailType)!.source;
  const entries = events.map(({ eventId, occurredAt, event }) => ({
    Source: source(event.detailType),
    DetailType: event.detailType,
    Detail: JSON.stringify({
      metadata: { eventId: `${eventId}${idSuffix}`, schemaVersion: '1.0', occurredAt, correlationId: eventId, causationId: eventId, city },
      data: event.data,
    }),
  }));
  let failed = 0;
  for (let i = 0; i < entries.length; i += 10) failed += bus.putEvents(entries.slice(i, i + 10)).FailedEntryCount;
  return failed;
}
