import { eventsOf } from '../../../../shared/domain/transition.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { ExternalChannel } from '../domain/channels.ts';
import { claim, settle, textInstead, type Delivery, type DeliveryTransition, type SendOutcome } from '../domain/delivery.ts';
import type { AddressBook, ChannelSenders, DeliveryRepository, StoredDelivery } from '../ports.ts';

export interface AttemptPorts {
  deliveries: DeliveryRepository;
  addresses: AddressBook;
  channels: ChannelSenders;
  city: string;
}

/** How an attempt ended: `retry` and `busy` ask to be tried again later; `exhausted` ran out of attempts. */
export type AttemptResult = 'sent' | 'retry' | 'busy' | 'failed' | 'exhausted' | 'done';

/**
 * One attempt at an external delivery: resolve the address, claim it (a conditional write, so no
 * two workers send it), hand it to the channel, record the outcome with its event. The address is
 * held in memory for the send only.
 */
export async function attemptDelivery(
  ports: AttemptPorts,
  stored: StoredDelivery,
  now: Date,
  options: { revive: boolean; retryAt?: (attempts: number) => Date; cause?: EventCause },
): Promise<AttemptResult> {
  const write = async (from: StoredDelivery, transition: DeliveryTransition) => {
    await ports.deliveries.save(from, transition.next, eventsOf(transition.emitted, { city: ports.city, now, cause: options.cause }));
  };
  const claimed = claim(stored.delivery, now, { revive: options.revive });
  if (claimed.kind === 'busy') return 'busy';
  if (claimed.kind === 'done') {
    // A redelivered event: a citizen's text instead of a failed WeChat notice may not have been made yet.
    await textCitizenInstead(ports, stored.delivery, now, options);
    return 'done';
  }
  if (claimed.kind === 'in_doubt') return saveOrBusy(() => write(stored, claimed.transition), 'failed');

  // The address is resolved before the claim is written: a lookup that fails or hangs leaves the
  // delivery pending (nothing went out), instead of a claim that would expire as "maybe sent".
  const delivery = claimed.next;
  const address = await lookUp(ports, delivery, now, options);
  if ('refused' in address) return saveOrBusy(() => write(stored, address.refused), resultOf(address.refused.next));
  const { to } = address;
  const written = await saveOrBusy(() => write(stored, { next: delivery, emitted: [] }), 'claimed' as const);
  if (written === 'busy') return 'busy';
  return sendClaimed(ports, { delivery, version: stored.version + 1 }, to, now, options);
}

/**
 * The first attempt at a new delivery due now, one write fewer than creating it and then claiming
 * it: the address is resolved first, then the delivery is created already claimed (a conditional
 * create, so a redelivered source never sends it twice) and sent. A lookup that fails creates it
 * pending with the refusal recorded, as {@link attemptDelivery} would (`resolved`: the address is
 * known already). Answers `existing` when the
 * delivery was already there (a redelivered source) or is not due by `now`: the caller attempts that one.
 */
export async function createClaimedAndSend(
  ports: AttemptPorts,
  plan: Delivery,
  now: Date,
  options: { retryAt?: (attempts: number) => Date; cause?: EventCause },
  resolved?: { to: string },
): Promise<{ result: AttemptResult } | { existing: StoredDelivery }> {
  const claimed = claim(plan, now, { revive: true });
  // Not due by this clock (the source's clock ran ahead): stored pending, attempted as before.
  if (claimed.kind !== 'claimed') return { existing: (await ports.deliveries.createOnce(plan, [])).stored };
  const delivery = claimed.next;
  const address = resolved ?? (await lookUp(ports, delivery, now, options));
  if ('refused' in address) {
    const { refused } = address;
    const { created, stored } = await ports.deliveries.createOnce(refused.next, eventsOf(refused.emitted, { city: ports.city, now, cause: options.cause }));
    return created ? { result: resultOf(refused.next) } : { existing: stored };
  }
  const { created, stored } = await ports.deliveries.createOnce(delivery, []);
  return created ? { result: await sendClaimed(ports, stored, address.to, now, options) } : { existing: stored };
}

/**
 * Hands a delivery whose claim is stored (at `claimed.version`) to its channel and records the
 * outcome with its event. `to` is the address resolved before the claim was written.
 */
export async function sendClaimed(
  ports: AttemptPorts,
  claimed: StoredDelivery,
  to: string | undefined,
  now: Date,
  options: { retryAt?: (attempts: number) => Date; cause?: EventCause },
): Promise<AttemptResult> {
  const { delivery } = claimed;
  let outcome: SendOutcome;
  try {
    outcome =
      to === undefined
        ? { status: 'no_address' }
        : await ports.channels[delivery.channel as ExternalChannel].send({
            deliveryId: delivery.deliveryId,
            channel: delivery.channel,
            to,
            template: delivery.template,
            title: delivery.title,
            text: delivery.text,
            params: delivery.params,
            ...(delivery.link ? { link: delivery.link } : {}),
          });
  } catch {
    // A channel adapter that throws instead of reporting: it may have sent, so never again.
    outcome = { status: 'unknown', code: 'CHANNEL_ERROR' };
  }
  const settled = settle(delivery, outcome, now, retryOptions(options, delivery));
  await ports.deliveries.save(claimed, settled.next, eventsOf(settled.emitted, { city: ports.city, now, cause: options.cause }));
  await textCitizenInstead(ports, settled.next, now, options);
  return resultOf(settled.next);
}

/**
 * A citizen's WeChat notice that could not go ({@link textInstead}) goes by SMS when they left a
 * phone; with none, nothing more is created. A text that must be retried stays pending for the
 * send-due schedule.
 */
async function textCitizenInstead(ports: AttemptPorts, delivery: Delivery, now: Date, options: { retryAt?: (attempts: number) => Date; cause?: EventCause }) {
  const text = textInstead(delivery, now);
  if (!text) return;
  const phone = await ports.addresses.addressOf(text);
  if (phone !== undefined) await createClaimedAndSend(ports, text, now, options, { to: phone });
}

/** The delivery's address, or the refusal to record when the lookup fails (nothing went out: retried). */
async function lookUp(
  ports: AttemptPorts,
  delivery: Delivery,
  now: Date,
  options: { retryAt?: (attempts: number) => Date },
): Promise<{ to: string | undefined } | { refused: DeliveryTransition }> {
  try {
    return { to: await ports.addresses.addressOf(delivery) };
  } catch (error) {
    return { refused: settle(delivery, { status: 'refused', retryable: true, code: (error as Error).name || 'ERROR' }, now, retryOptions(options, delivery)) };
  }
}

function retryOptions(options: { retryAt?: (attempts: number) => Date }, delivery: Delivery) {
  return options.retryAt ? { retryAt: options.retryAt(delivery.attempts) } : {};
}

/** Runs a conditional write; losing it to another worker means that worker has the delivery. */
async function saveOrBusy<T extends string>(work: () => Promise<void>, result: T): Promise<T | 'busy'> {
  try {
    await work();
    return result;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'VERSION_CONFLICT') return 'busy';
    throw error;
  }
}

function resultOf(delivery: Delivery): AttemptResult {
  if (delivery.status === 'sent') return 'sent';
  if (delivery.status === 'pending') return 'retry';
  return delivery.failure?.reason === 'exhausted' ? 'exhausted' : 'failed';
}
