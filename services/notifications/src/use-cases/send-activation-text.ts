import type { SendOutcome } from '../domain/delivery.ts';
import { render, type TemplateCatalog } from '../domain/templates.ts';
import type { ChannelSender } from '../ports.ts';

/** What sending an activation code needs: the account's phone, asked at send time, and the SMS channel. */
export interface ActivationTextPorts {
  phoneOf: (username: string) => Promise<string | undefined>;
  sms: ChannelSender;
  catalog: TemplateCatalog;
  newDeliveryId: () => string;
}

/**
 * 激活码短信: texts a deputy the activation code identity just issued. Unlike a notification it is
 * no delivery: nothing is stored (the code must not rest anywhere but as identity's hash), it is
 * sent at once whatever the hour (the deputy is waiting for it), and it is tried once — a deputy
 * who gets nothing asks again. The phone's daily cap still counts it.
 */
export async function sendActivationText(ports: ActivationTextPorts, request: { username: string; activationCode: string }): Promise<SendOutcome> {
  const phone = await ports.phoneOf(request.username);
  if (!phone) return { status: 'no_address' };
  const params = { code: request.activationCode };
  const { title, text } = render(ports.catalog, 'activation_code', params);
  return ports.sms.send({ deliveryId: ports.newDeliveryId(), channel: 'sms', to: phone, template: 'activation_code', title, text, params });
}
