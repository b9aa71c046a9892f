import type { Message } from '../domain/message.ts';
import { findSimilar, fingerprint, indexHorizon, laterMatches, similarOf, type SimilarMessage } from '../domain/text/similar-matters.ts';
import { suggestTriage, trainTriage, type Triage, type TriageModel, type TriageRules } from '../domain/text/triage.ts';
import type { MessageRepository, SimilarityIndex, TriageModels } from '../ports.ts';

/** What matching a message needs: the indexes, the model store, the city's keyword rules. */
export interface MatchingPorts {
  index: SimilarityIndex;
  models: TriageModels;
  rules: TriageRules;
}

/** A message about to be stored, as matching sees it. */
export interface Arrival {
  messageId: string;
  content: string;
  category: string;
  /** Where the matter is (the citizen's township, else the deputy's or the station's). */
  townshipCode?: string;
}

/** The model intake uses: the trained one, else the keyword rules alone (a city's first days). */
const coldStarts = new WeakMap<TriageRules, TriageModel>();
async function modelFor(ports: MatchingPorts, now: Date): Promise<TriageModel> {
  const trained = await ports.models.current();
  if (trained) return trained;
  let cold = coldStarts.get(ports.rules);
  if (!cold) {
    cold = trainTriage([], ports.rules, now);
    coldStarts.set(ports.rules, cold);
  }
  return cold;
}

/** The index key of a message: where the matter is and its category. */
export function matterTownship(message: Pick<Message, 'locationTownshipCode' | 'townshipCode'>): string | undefined {
  return message.locationTownshipCode ?? message.townshipCode;
}

/**
 * At intake: the similar open matters and the triage suggestion, to store on the message, and
 * `record`, to call once the message is stored, which adds its entry to its index (one small
 * write that no other message contends for).
 */
export async function matchArrival(
  ports: MatchingPorts,
  arrival: Arrival,
  now: Date,
): Promise<{ similar: SimilarMessage[]; triage?: Triage; record: () => Promise<void> }> {
  const words = fingerprint(arrival.content);
  const township = arrival.townshipCode;
  const [recent, model] = await Promise.all([township ? ports.index.newest(township, arrival.category, indexHorizon(now)) : undefined, modelFor(ports, now)]);
  const similar = recent ? findSimilar(recent, words) : [];
  const triage = suggestTriage(model, arrival.content, township);
  const record = async () => {
    if (township) await ports.index.add(township, arrival.category, { messageId: arrival.messageId, at: now.toISOString(), words });
  };
  return { similar, ...(triage ? { triage } : {}), record };
}

/** Statuses in which a matter is no longer open: it is not offered as similar any more. */
const FINISHED = new Set<Message['status']>(['closed', 'declined']);

/**
 * A message's similar matters now: those found at intake and those that arrived later (from its
 * index entry), without the ones since closed, declined or rejected.
 */
export async function similarNow(ports: { index: SimilarityIndex; messages: MessageRepository }, message: Message): Promise<SimilarMessage[]> {
  const township = matterTownship(message);
  const later = township ? await ports.index.oldest(township, message.category, message.submittedAt) : [];
  const own = { messageId: message.messageId, at: message.submittedAt, words: fingerprint(message.content) };
  const candidates = similarOf(message.similar ?? [], laterMatches(later, own));
  const found = await Promise.all(candidates.map(async (c) => ({ c, stored: await ports.messages.get(c.messageId) })));
  return found.filter(({ stored }) => stored && !FINISHED.has(stored.message.status) && !stored.message.rejection).map(({ c }) => c);
}

/** The schedule's retraining: the city's routed matters and keyword rules make the next model. */
export async function retrainTriage(ports: { models: TriageModels; rules: TriageRules }, now: Date): Promise<{ examples: number }> {
  const matters = await ports.models.routedMatters();
  const model = trainTriage(matters, ports.rules, now);
  await ports.models.save(model);
  return { examples: model.examples };
}
