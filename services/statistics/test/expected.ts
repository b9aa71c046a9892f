import type { PlannedMessage, Script } from './script.ts';
import { cityDay } from './script.ts';

/**
 * The figures a scripted month should give, counted from its plan by the rules as the issue
 * states them (not by statistics' code): messages by the day they were received.
 */

function middle(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const ratingCount = (ms: PlannedMessage[], r: string) => ms.filter((m) => m.rating === r).length;

/** The expected tally of some planned messages (all their steps lie in the past). */
export function expectedTally(ms: PlannedMessage[]) {
  const answered = ms.filter((m) => m.replyHours !== undefined);
  return {
    received: ms.length,
    held: ms.filter((m) => m.outcome === 'held').length,
    answered: answered.length,
    answeredOnTime: answered.filter((m) => m.replyHours! <= 72).length,
    escalated: ms.filter((m) => m.outcome === 'resolved' || m.outcome === 'stuck_at_unit').length,
    resolved: ms.filter((m) => m.outcome === 'resolved').length,
    resolvedOnTime: ms.filter((m) => m.resolvedOnTime).length,
    closed: ms.filter((m) => m.rating).length,
    overdueNow: ms.filter((m) => m.outcome === 'unanswered' || m.outcome === 'stuck_at_unit').length,
    medianReplyHours: middle(answered.map((m) => m.replyHours!)),
    satisfaction: { satisfied: ratingCount(ms, 'satisfied'), basically: ratingCount(ms, 'basically_satisfied'), unsatisfied: ratingCount(ms, 'unsatisfied') },
  };
}

function grouped<K extends string>(ms: PlannedMessage[], key: (m: PlannedMessage) => string | undefined, name: K) {
  const keys = [...new Set(ms.map(key).filter((k): k is string => k !== undefined))].sort();
  return keys.map((k) => ({ [name]: k, ...expectedTally(ms.filter((m) => key(m) === k)) }));
}

export function expectedOverview(script: Script, timeZone: string) {
  const { plan } = script;
  return {
    from: script.from,
    to: script.to,
    ...expectedTally(plan),
    byCategory: grouped(plan, (m) => m.category, 'category'),
    byTownship: grouped(plan, (m) => m.townshipCode, 'townshipCode'),
    byDay: grouped(plan, (m) => cityDay(m.submittedAt, timeZone), 'date'),
  };
}

export function expectedUnits(script: Script, timeZone: string) {
  const forwarded = script.plan.filter(
    (m) => m.forwardedAt && cityDay(m.forwardedAt, timeZone) >= script.from && cityDay(m.forwardedAt, timeZone) <= script.to,
  );
  return script.units
    .map((u) => {
      const cases = forwarded.filter((m) => m.unitCode === u.code);
      const resolved = cases.filter((m) => m.outcome === 'resolved');
      return {
        unitCode: u.code,
        unitName: u.name,
        received: cases.length,
        acceptedOnTime: cases.filter((m) => m.acceptedOnTime).length,
        resolved: resolved.length,
        resolvedOnTime: resolved.filter((m) => m.resolvedOnTime).length,
        overdueNow: cases.filter((m) => m.outcome === 'stuck_at_unit').length,
        medianDaysToResolve: middle(resolved.map((m) => m.resolvedAfterDays!)),
        satisfaction: {
          satisfied: ratingCount(resolved, 'satisfied'),
          basically: ratingCount(resolved, 'basically_satisfied'),
          unsatisfied: ratingCount(resolved, 'unsatisfied'),
        },
      };
    })
    .filter((u) => u.received > 0);
}

export function expectedDeputies(script: Script, townshipCode?: string) {
  return script.deputies
    .filter((d) => townshipCode === undefined || d.townshipCode === townshipCode)
    .map((d) => ({ deputyCode: d.code, name: d.name, townshipCode: d.townshipCode, ...expectedTally(script.plan.filter((m) => m.deputyCode === d.code)) }))
    .filter((d) => d.received > 0);
}
