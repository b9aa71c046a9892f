import { eventsOf } from '../../../../shared/domain/transition.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { ExternalChannel } from '../domain/channels.ts';
import { claim, settle, type Delivery, type DeliveryTransition, type SendOutcome } from '../domain/delivery.ts';
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
  if (claimed.kind === 'done' || claimed.kind === 'busy') return claimed.kind;
  if (claimed.kind === 'in_doubt') return saveOrBusy(() => write(stored, claimed.transition), 'failed');

  // The address is resolved before the claim is written: a lookup that fails or hangs leaves the
  // delivery pending (nothing went out), instead of a claim that would expire as "maybe sent".
  const delivery = claimed.next;
  let to: string | undefined;
  try {
    to = await ports.addresses.addressOf(delivery);
  } catch (error) {
    const refused = settle(delivery, { status: 'refused', retryable: true, code: (error as Error).name || 'ERROR' }, now, retryOptions(delivery));
    return saveOrBusy(() => write(stored, refused), resultOf(refused.next));
  }
  const written = await saveOrBusy(() => write(stored, { next: delivery, emitted: [] }), 'claimed' as const);
  if (written === 'busy') return 'busy';

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
  const settled = settle(delivery, outcome, now, retryOptions(delivery));
  await write({ delivery, version: stored.version + 1 }, settled);
  return resultOf(settled.next);

  function retryOptions(d: Delivery) {
    return options.retryAt ? { retryAt: options.retryAt(d.attempts) } : {};
  }
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
