import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { AddressBook } from '../ports.ts';

/**
 * Addresses resolved at send time, never stored here. A citizen's phone is asked of messaging
 * through its internal function `citizen-contact` (a narrow call only notifications is granted),
 * held in memory for the send, and forgotten. Staff and deputies are addressed by account
 * (`deputy:<code>`, `account:<username>`): their phones and addresses live encrypted in identity,
 * and resolving them is not built yet.
 */
export class ServiceAddressBook implements AddressBook {
  constructor(private readonly invoke: InvokeInternal) {}

  async addressOf(delivery: Delivery): Promise<string | undefined> {
    const { recipient } = delivery;
    if (recipient.kind === 'citizen') {
      if (delivery.channel !== 'sms') return undefined;
      const { phone } = await this.invoke<{ phone?: string }>('messaging', 'citizen-contact', { messageId: recipient.messageId });
      return phone;
    }
    return recipient.kind === 'deputy' ? `deputy:${recipient.code}` : `account:${recipient.account}`;
  }
}
