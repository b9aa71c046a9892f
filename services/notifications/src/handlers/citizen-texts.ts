import { z } from 'zod';
import { deliveryIdOf } from '../domain/delivery.ts';
import { render } from '../domain/templates.ts';
import { internal, ports } from './deps.ts';

/** The texts another service may ask for: participation's appointment code, confirmation and reminder. */
export const CITIZEN_TEXT_TEMPLATES = ['appointment_code', 'appointment_confirmed', 'appointment_reminder'] as const;

const input = z
  .object({
    phone: z.string().regex(/^1\d{10}$/),
    template: z.enum(CITIZEN_TEXT_TEMPLATES),
    params: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.string().max(200)),
    /** What the text is about (`appointment:<id>:<template>`): the provider's OutId, never the phone. */
    reference: z.string().regex(/^[a-z]+:[A-Za-z0-9:._-]{1,120}$/),
  })
  .strict();

/**
 * Internal function `citizen-text` (not on the HTTP API; only participation may invoke it): sends one
 * text at once, through the city's SMS channel, to a phone the caller holds encrypted and hands over
 * for this send only. A code the citizen is waiting for cannot wait for the bus, nor may the phone
 * travel on it. The same sender as every SMS — the provider, the daily cap per phone, the local
 * recording — answers `sent`, `not_configured` (the city has no SMS channel: nothing can be
 * verified by text) or `failed`. Neither phone nor text is logged.
 */
export const citizenText = internal(
  { name: 'citizen-text', input },
  async ({ phone, template, params, reference }): Promise<{ status: 'sent' | 'not_configured' | 'failed' }> => {
    const { title, text } = render(ports.catalog, template, params);
    const outcome = await ports.channels.sms.send({ deliveryId: deliveryIdOf(reference), channel: 'sms', to: phone, template, title, text, params });
    if (outcome.status === 'sent') return { status: 'sent' };
    return { status: outcome.status === 'not_configured' ? 'not_configured' : 'failed' };
  },
);
