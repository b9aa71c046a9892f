import { z } from 'zod';
import { defineEvent } from '../envelope.ts';
import { publicNameField } from '../public-text.ts';

/**
 * Events of the participation service (群众参与): consultations the committee opens to citizens
 * (意见征集) and reception-day appointments (代表固定接待日). They carry identifiers, the
 * committee's own wording and counts, never a respondent's device, phone, name, topic or comment.
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

const code = z.string().min(1).max(64);
const date = z.iso.date().describe("The reception day, in the city's calendar.");
const slot = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .describe('The start of the booked slot, city time.');
const appointment = { appointmentId: id, groupCode: code, stationCode: code, date, slot };
const appointmentSample = { appointmentId: 'a-3f9a1c0e7b2d4a6f', groupCode: 'grp-lucheng-1', stationCode: 'st-lucheng-01', date: '2026-12-15', slot: '09:30' };

export const AppointmentBooked = defineEvent({
  source,
  detailType: 'AppointmentBooked',
  schemaVersion: '1.0',
  description: "A citizen booked a slot of a deputy group's reception day (代表固定接待日) at its station; who and why stay in the service.",
  data: z
    .object({ ...appointment, verified: z.boolean().describe('Whether the phone was verified by an SMS code (only where the city has an SMS channel).') })
    .strict(),
  sample: { ...appointmentSample, verified: true },
});

export const AppointmentCancelled = defineEvent({
  source,
  detailType: 'AppointmentCancelled',
  schemaVersion: '1.0',
  description: 'The citizen cancelled a reception-day appointment; the slot is free again.',
  data: z.object(appointment).strict(),
  sample: appointmentSample,
});

export const AppointmentHeld = defineEvent({
  source,
  detailType: 'AppointmentHeld',
  schemaVersion: '1.0',
  description:
    "A reception-day appointment took place, received by these deputies of the group: for each of them it is the day's reception duty (代表固定接待日), counted once per group and day however many citizens came.",
  data: z.object({ ...appointment, deputyCodes: z.array(code).min(1).describe('The deputies present.') }).strict(),
  sample: { ...appointmentSample, deputyCodes: ['D0001', 'D0007'] },
});

export const AppointmentMissed = defineEvent({
  source,
  detailType: 'AppointmentMissed',
  schemaVersion: '1.0',
  description: 'The citizen did not come to a reception-day appointment (未到).',
  data: z.object(appointment).strict(),
  sample: appointmentSample,
});

/** Every contract the participation service publishes. */
export const participationEvents = [
  ConsultationOpened,
  ConsultationClosed,
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentHeld,
  AppointmentMissed,
] as const;
