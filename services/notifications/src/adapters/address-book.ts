import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { AddressBook } from '../ports.ts';

/**
 * Addresses resolved at send time, never stored here. A citizen's phone is asked of messaging
 * through its internal function `citizen-contact`; a deputy's or staff member's phone or e-mail of
 * identity through `contact` (narrow calls only notifications is granted). Either is held in memory
 * for the send, and forgotten. Nobody has a WeChat binding yet: WeChat has no address.
 */
export class ServiceAddressBook implements AddressBook {
  constructor(private readonly invoke: InvokeInternal) {}

  async addressOf(delivery: Delivery): Promise<string | undefined> {
    const { recipient, channel } = delivery;
    if (recipient.kind === 'citizen') {
      if (channel !== 'sms') return undefined;
      const { phone } = await this.invoke<{ phone?: string }>('messaging', 'citizen-contact', { messageId: recipient.messageId });
      return phone;
    }
    if (channel !== 'sms' && channel !== 'email') return undefined;
    const contact = await this.invoke<{ phone?: string; email?: string }>('identity', 'contact', { username: recipient.account });
    return channel === 'sms' ? contact.phone : contact.email;
  }

  /** The phone of a deputy or staff account, asked of identity for one text outside any delivery. */
  async phoneOf(username: string): Promise<string | undefined> {
    return (await this.invoke<{ phone?: string }>('identity', 'contact', { username })).phone;
  }
}
