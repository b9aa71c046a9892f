import { randomUUID } from 'node:crypto';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { eventsOf } from '../../../../shared/domain/transition.ts';
import type { Case } from '../domain/case.ts';
import { checkSigners, submitSuggestion, type SuggestionDraft, type SuggestionRules } from '../domain/suggestion.ts';
import type { CaseRepository, DeputyRoster } from '../ports.ts';

export interface SubmitSuggestionPorts {
  cases: CaseRepository;
  deputies: DeputyRoster;
  city: string;
  rules: SuggestionRules;
}

/**
 * A deputy submits a suggestion or motion: the co-signers are checked against the directory
 * (deputies in office), then the case opens for the city committee with its events.
 */
export async function submitDeputySuggestion(
  ports: SubmitSuggestionPorts,
  deputyCode: string,
  draft: SuggestionDraft,
  context: { now: Date; cause: EventCause },
): Promise<Case> {
  const known = await Promise.all([...new Set(draft.coSignerCodes)].map((code) => ports.deputies.get(code)));
  const inOffice = new Set(known.filter((d) => d !== undefined && !d.termEnded).map((d) => d!.code));
  checkSigners(draft.kind, deputyCode, draft.coSignerCodes, (code) => inOffice.has(code), ports.rules);
  const proposer = await ports.deputies.get(deputyCode);
  const caseId = `c-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const submitted = submitSuggestion({ caseId, deputyCode, townshipCode: proposer?.townshipCode, draft }, context.now, ports.rules);
  await ports.cases.create(submitted.next, eventsOf(submitted.emitted, { city: ports.city, now: context.now, cause: context.cause }));
  return submitted.next;
}
