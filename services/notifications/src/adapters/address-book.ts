import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { AddressBook } from '../ports.ts';

/**
 * Addresses resolved at send time, never stored here. A citizen's phone, or the openid of the
 * WeChat they chose on the tracking page, is asked of messaging through its internal function
 * `citizen-contact`; a deputy's or staff member's phone or e-mail of identity through `contact`
 * (narrow calls only notifications is granted). Either is held in memory for the send, and
 * forgotten. An account's WeChat address is the openid it bound from the console.
 */
export class ServiceAddressBook implements AddressBook {
  constructor(private readonly invoke: InvokeInternal) {}

  async addressOf(delivery: Delivery): Promise<string | undefined> {
    const { recipient, channel } = delivery;
    if (recipient.kind === 'citizen') {
      if (channel !== 'sms' && channel !== 'wechat') return undefined;
      const contact = await this.invoke<{ phone?: string; wechatOpenId?: string }>('messaging', 'citizen-contact', { messageId: recipient.messageId });
      return channel === 'sms' ? contact.phone : contact.wechatOpenId;
    }
    if (channel === 'inapp') return undefined;
    const contact = await this.invoke<{ phone?: string; email?: string; wechatOpenId?: string }>('identity', 'contact', { username: recipient.account });
    return { sms: contact.phone, email: contact.email, wechat: contact.wechatOpenId }[channel];
  }

  /** The phone of a deputy or staff account, asked of identity for one text outside any delivery. */
  async phoneOf(username: string): Promise<string | undefined> {
    return (await this.invoke<{ phone?: string }>('identity', 'contact', { username })).phone;
  }
}
