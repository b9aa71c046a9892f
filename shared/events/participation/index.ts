import { z } from 'zod';
import { defineEvent } from '../envelope.ts';
import { publicNameField } from '../public-text.ts';

/**
 * Events of the participation service (群众参与): consultations the committee opens to citizens
 * (意见征集). They carry identifiers, the committee's own wording and counts, never a respondent's
 * device, phone or comment.
 */
const source = 'minqing.participation' as const;
const id = z.string().min(1).max(128);

export const ConsultationOpened = defineEvent({
  source,
  detailType: 'ConsultationOpened',
  schemaVersion: '1.0',
  description: 'The committee opened a consultation (意见征集) to citizens, city-wide or in one township.',
  data: z
    .object({
      consultationId: id,
      title: publicNameField(100),
      options: z.number().int().min(0).describe('How many options respondents choose from (0: comments only).'),
      townshipCode: id.optional(),
      closesAt: z.iso.datetime(),
    })
    .strict(),
  sample: { consultationId: 'c-2026-0001', title: '2027年度监督议题征集', options: 5, townshipCode: 'lucheng', closesAt: '2026-12-31T16:00:00.000Z' },
});

export const ConsultationClosed = defineEvent({
  source,
  detailType: 'ConsultationClosed',
  schemaVersion: '1.0',
  description: 'A consultation closed (by the committee or at its closing time); its summary is public from now on.',
  data: z
    .object({
      consultationId: id,
      responses: z.number().int().min(0),
      counts: z.array(z.number().int().min(0)).describe('Times each option was chosen, in the order of the options.'),
      by: z.enum(['committee', 'schedule']),
    })
    .strict(),
  sample: { consultationId: 'c-2026-0001', responses: 412, counts: [180, 96, 77, 40, 19], by: 'schedule' },
});

/** Every contract the participation service publishes. */
export const participationEvents = [ConsultationOpened, ConsultationClosed] as const;
