import { createHash, timingSafeEqual } from 'node:crypto';
import type { CityConfig } from '../../../../shared/city/config.ts';
import type { SourceKeys } from '../../../../shared/abuse/source-keys.ts';
import type { FieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { MessageAssigned, MessageSubmitted } from '../../../../shared/events/messaging/index.ts';
import { ConflictError, invalidBody, NotYetAvailableError, TooManyRequestsError } from '../../../../shared/runtime/errors.ts';
import type { RandomIds } from '../adapters/random-ids.ts';
import { hashToken, messageIdForKey } from '../domain/identifiers.ts';
import { INTAKE_LIMITS, pickLeastLoaded, textFingerprint, type DeputyLoad } from '../domain/intake.ts';
import { replyDueAt, type HoldReason, type Message } from '../domain/message.ts';
import { holdFor } from '../domain/moderation.ts';
import { messageField } from '../domain/personal-fields.ts';
import { addresseeOf } from '../../../../shared/abuse/addressee-limits.ts';
import type { AddresseeCounters, DeputyRegistry, DirectoryModel, IntakeCounters, MessageRepository } from '../ports.ts';
import { matchArrival, type MatchingPorts } from './match-message.ts';

export interface SubmitMessageInput {
  stationCode?: string;
  deputyCode?: string;
  category: string;
  content: string;
  townshipCode?: string;
  location?: string;
  name?: string;
  phone?: string;
}

export interface SubmitMessagePorts {
  messages: MessageRepository;
  directory: DirectoryModel;
  registry: DeputyRegistry;
  counters: IntakeCounters & AddresseeCounters;
  /** The keyed hash a client's address is counted under. */
  sources: SourceKeys;
  cipher: FieldCipher;
  city: CityConfig;
  ids: RandomIds;
  /** Similar matters and the triage suggestion; without it, messages are stored without them. */
  matching?: MatchingPorts;
}

export interface SubmitMessageResult {
  messageId: string;
  trackingCode: string;
  trackingToken: string;
  status: 'submitted';
}

/**
 * 群众留言: takes a citizen's message, makes one deputy answerable for it, and stores it with its
 * events. Idempotent on `Idempotency-Key`; rate-limited per source; a text repeated by one source
 * is held for review instead of reaching a deputy.
 */
export async function submitMessage(
  ports: SubmitMessagePorts,
  input: SubmitMessageInput,
  request: { clientIp: string; idempotencyKey?: string; cause: EventCause },
  now: Date,
): Promise<SubmitMessageResult> {
  const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
  const messageId = request.idempotencyKey ? messageIdForKey(request.idempotencyKey) : ports.ids.messageId();
  if (request.idempotencyKey) {
    const earlier = await replay(ports, messageId, requestHash);
    if (earlier) return earlier;
  }

  const source = await ports.sources.keyOf(request.clientIp);
  checkCityReferences(ports.city, input);
  const named = input.deputyCode ? await ports.directory.deputy(input.deputyCode) : undefined;
  // Before counting: the page sends the same text again shortly, which must not look like a flood.
  if (input.deputyCode && !named) await refuseIfStillSyncing(ports.registry, input.deputyCode);
  const addressee = addresseeOf(input);
  const [admission, answerable, toAddressee] = await Promise.all([
    ports.counters.admit(source, textFingerprint(input.content), now),
    answerableDeputy(ports.directory, input, named),
    ports.counters.countTo(addressee.key, now),
  ]);
  if (!admission.admitted) throw new TooManyRequestsError(admission.retryAfterSeconds);
  const deputy = answerable.deputy;
  // A flood (one source repeating a text, or many sources at one addressee), or a station with no
  // deputy in office: the township reviewers' queue, with a deadline.
  const flood = admission.sameTextThisHour > INTAKE_LIMITS.sameTextPerHour || toAddressee > addressee.perHour;
  const holdReason: HoldReason | undefined = flood ? 'flood' : deputy === undefined ? 'no_deputy' : undefined;
  const held = holdReason !== undefined;
  const hold = holdReason ? holdFor(holdReason, now, ports.city.sla) : undefined;
  // A flood is not a matter to merge or route: it is neither matched nor indexed.
  const matched =
    ports.matching && holdReason !== 'flood'
      ? await matchArrival(
          ports.matching,
          {
            messageId,
            content: input.content,
            category: input.category,
            townshipCode: input.townshipCode ?? deputy?.townshipCode ?? answerable.stationTownshipCode,
          },
          now,
        )
      : undefined;

  const at = now.toISOString();
  const dueAt = replyDueAt(now, ports.city.sla);
  const trackingCode = ports.ids.trackingCode();
  const trackingToken = ports.ids.trackingToken();
  const message: Message = {
    messageId,
    trackingCode,
    category: input.category,
    content: input.content,
    via: input.deputyCode ? 'deputy' : 'station',
    ...(input.stationCode ? { stationCode: input.stationCode } : {}),
    ...(deputy && !held ? { deputyCode: deputy.code, deputyLevel: deputy.level, replyDueAt: dueAt } : {}),
    ...(deputy && held ? { deputyCode: deputy.code, deputyLevel: deputy.level } : {}),
    // Scope (which township's reviewers may read and review) follows the answerable deputy, or
    // the station's township when none is in office; the township a citizen types is only where
    // the matter is.
    townshipCode: deputy?.townshipCode ?? answerable.stationTownshipCode,
    ...(input.townshipCode ? { locationTownshipCode: input.townshipCode } : {}),
    ...(input.location ? { location: input.location } : {}),
    status: held ? 'held' : 'submitted',
    submittedAt: at,
    replyOverdue: false,
    reopenedOnce: false,
    ...(hold ? { hold } : {}),
    thread: [],
    timeline: [{ at, status: 'submitted', text: receipt(holdReason, deputy) }],
    ...(matched && matched.similar.length > 0 ? { similar: matched.similar } : {}),
    ...(matched?.triage ? { triage: matched.triage } : {}),
  };
  const eventContext = { city: ports.city.name, now, cause: request.cause };
  const events = [
    createEvent(
      MessageSubmitted,
      {
        messageId,
        trackingCode,
        category: input.category,
        via: message.via,
        stationCode: input.stationCode,
        deputyCode: held ? undefined : deputy?.code,
        townshipCode: message.townshipCode,
        submittedAt: at,
        replyDueAt: held ? undefined : dueAt,
        citizenCanBeTexted: input.phone !== undefined,
        heldForReview: held,
        holdReason: hold?.reason,
        holdDueAt: hold?.dueAt,
      },
      eventContext,
    ),
    ...(deputy && !held
      ? [
          createEvent(
            MessageAssigned,
            {
              messageId,
              deputyCode: deputy.code,
              stationCode: input.stationCode,
              assignedAt: at,
              replyDueAt: dueAt,
              reason: input.deputyCode ? 'deputy_code' : 'least_loaded',
            },
            eventContext,
          ),
        ]
      : []),
  ];
  const [trackingTokenEncrypted, nameEncrypted, phoneEncrypted] = await Promise.all([
    ports.cipher.encrypt(trackingToken, messageField(messageId, 'trackingToken')),
    input.name ? ports.cipher.encrypt(input.name, messageField(messageId, 'name')) : undefined,
    input.phone ? ports.cipher.encrypt(input.phone, messageField(messageId, 'phone')) : undefined,
  ]);
  // The deputy's load is counted while the message is written (it is approximate by nature, and
  // intake latency matters during congress sessions); a failed write gives the count back.
  const assigned = deputy && !held ? deputy.code : undefined;
  const counting = assigned ? ports.directory.adjustLoad(assigned, 1) : Promise.resolve();
  try {
    await ports.messages.create(
      message,
      {
        trackingTokenHash: hashToken(trackingToken),
        trackingTokenEncrypted,
        ...(nameEncrypted ? { nameEncrypted } : {}),
        ...(phoneEncrypted ? { phoneEncrypted } : {}),
        requestHash,
        sourceKey: source,
      },
      events,
    );
    await counting;
    // The index only offers matches: a message missing from it is merely not offered to later ones.
    await matched?.record().catch(() => undefined);
  } catch (error) {
    await counting;
    if (assigned) await ports.directory.adjustLoad(assigned, -1);
    // The same Idempotency-Key arrived twice at once: the other request won; answer as it did.
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS' && request.idempotencyKey) {
      const earlier = await replay(ports, messageId, requestHash);
      if (earlier) return earlier;
    }
    throw error;
  }
  return { messageId, trackingCode, trackingToken, status: 'submitted' };
}

/** The first line of the citizen's timeline; a flood is not told it was caught. */
function receipt(holdReason: HoldReason | undefined, deputy: DeputyLoad | undefined): string {
  if (holdReason === 'no_deputy') return '您的留言已收到，正在为您安排代表答复。';
  return deputy && !holdReason ? `您的留言已送达${deputy.name}代表。` : '您的留言已收到。';
}

async function replay(ports: SubmitMessagePorts, messageId: string, requestHash: string): Promise<SubmitMessageResult | undefined> {
  const earlier = await ports.messages.get(messageId);
  if (!earlier) return undefined;
  const same =
    earlier.secrets.requestHash !== undefined &&
    earlier.secrets.requestHash.length === requestHash.length &&
    timingSafeEqual(Buffer.from(earlier.secrets.requestHash), Buffer.from(requestHash));
  if (!same) throw new ConflictError('This Idempotency-Key was used with another request.', 'IDEMPOTENCY_KEY_REUSED');
  return {
    messageId,
    trackingCode: earlier.message.trackingCode,
    trackingToken: await ports.cipher.decrypt(earlier.secrets.trackingTokenEncrypted, messageField(messageId, 'trackingToken')),
    status: 'submitted',
  };
}

function checkCityReferences(city: CityConfig, input: SubmitMessageInput): void {
  if (!city.categories.some((c) => c.code === input.category)) {
    throw invalidBody('category', '没有这个留言类别，请重新选择');
  }
  if (input.townshipCode && !city.townships.some((t) => t.code === input.townshipCode)) {
    throw invalidBody('townshipCode', '没有这个乡镇，请重新选择');
  }
}

/** How long a citizen's page waits before sending again a message to a deputy still on the way. */
export const DEPUTY_SYNC_RETRY_SECONDS = 3;

/**
 * A deputy that messaging's view does not know but identity has in office was imported seconds
 * ago, and its events are on the way: a retryable 503 in Chinese rather than "no such deputy".
 */
async function refuseIfStillSyncing(registry: DeputyRegistry, deputyCode: string): Promise<void> {
  if (!(await registry.inOffice(deputyCode))) return;
  const message = '这位代表的信息刚刚录入，正在同步，请稍候几秒再提交';
  throw new NotYetAvailableError('DEPUTY_SYNCING', message, DEPUTY_SYNC_RETRY_SECONDS, [{ path: 'deputyCode', message }]);
}

/**
 * The deputy named by the code (already looked up as `named`), or the least loaded active deputy of
 * the station; for a station with no deputy in office, its township (whose reviewers then take the
 * message).
 */
async function answerableDeputy(
  directory: DirectoryModel,
  input: SubmitMessageInput,
  named: DeputyLoad | undefined,
): Promise<{ deputy?: DeputyLoad; stationTownshipCode?: string }> {
  if (input.deputyCode) {
    if (!named?.active) throw invalidBody('deputyCode', '这位代表不存在或已不在任，请改从联络站二维码留言');
    return { deputy: named };
  }
  const stationCode = input.stationCode!;
  const deputy = pickLeastLoaded(await directory.stationDeputies(stationCode));
  if (deputy) return { deputy };
  const station = await directory.station(stationCode);
  if (!station) throw invalidBody('stationCode', '没有这个联络站，请重新扫码');
  return { stationTownshipCode: station.townshipCode };
}
