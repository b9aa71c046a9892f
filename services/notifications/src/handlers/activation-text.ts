import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sendActivationText } from '../use-cases/send-activation-text.ts';
import { addresses, internal, ports } from './deps.ts';

/**
 * Internal function `activation-text` (only identity may invoke it): texts a deputy the activation
 * code identity issued for them. The phone is asked of identity's `contact`, the code is in this
 * payload only: neither is stored, logged or published. Answers the outcome's status alone.
 */
export const activationText = internal(
  {
    name: 'activation-text',
    input: z
      .object({
        username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/),
        activationCode: z.string().regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4})*$/),
      })
      .strict(),
  },
  async (request): Promise<{ status: string }> => {
    const outcome = await sendActivationText(
      {
        phoneOf: (username) => addresses.phoneOf(username),
        sms: ports.channels.sms,
        catalog: ports.catalog,
        newDeliveryId: () => `act-${randomBytes(12).toString('hex')}`,
      },
      request,
    );
    return { status: outcome.status };
  },
);
