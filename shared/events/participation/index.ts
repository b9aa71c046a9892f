import { z } from 'zod';
import { defineEvent } from '../envelope.ts';
import { publicNameField } from '../public-text.ts';

/**
 * Events of the participation service (群众参与): consultations the committee opens to citizens
 * (意见征集), reception-day appointments (代表固定接待日) and the livelihood projects deputies vote
 * on (民生实事票决). They carry identifiers, the committee's own wording and counts, never a
 * respondent's device, phone, name, topic or comment, nor how a deputy voted.
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

const ballotId = z.string().regex(/^b-[a-f0-9]{16}$/);
const projectId = z
  .string()
  .regex(/^p\d{1,2}$/)
  .describe('A project of the ballot, `p1` for the first listed.');
const ballotSample = { ballotId: 'b-5c1e0f2a9d3b7e61', year: 2027 };

export const LivelihoodBallotOpened = defineEvent({
  source,
  detailType: 'LivelihoodBallotOpened',
  schemaVersion: '1.0',
  description:
    "The committee listed the year's candidate livelihood projects (民生实事候选项目) for the deputies' vote (票决), open from `opensAt` until `closesAt`.",
  data: z
    .object({
      ballotId,
      year: z.number().int(),
      title: publicNameField(100),
      projects: z.number().int().min(1).describe('How many candidate projects are listed.'),
      opensAt: z.iso.datetime(),
      closesAt: z.iso.datetime(),
    })
    .strict(),
  sample: { ...ballotSample, title: '2027年度民生实事项目票决', projects: 12, opensAt: '2027-01-08T01:00:00.000Z', closesAt: '2027-01-10T09:00:00.000Z' },
});

export const LivelihoodBallotPublished = defineEvent({
  source,
  detailType: 'LivelihoodBallotPublished',
  schemaVersion: '1.0',
  description:
    'The committee published a closed ballot: the counts of each project and the projects chosen (yes votes from more than half of the deputies in office), tracked from now on. Counts only, never who voted how.',
  data: z
    .object({
      ballotId,
      year: z.number().int(),
      deputiesInOffice: z.number().int().min(0).describe('The deputies in office at publication: a project needs yes votes from more than half of them.'),
      results: z.array(
        z.object({ projectId, yes: z.number().int().min(0), no: z.number().int().min(0), abstain: z.number().int().min(0), chosen: z.boolean() }).strict(),
      ),
    })
    .strict(),
  sample: {
    ...ballotSample,
    deputiesInOffice: 240,
    results: [
      { projectId: 'p1', yes: 201, no: 12, abstain: 9, chosen: true },
      { projectId: 'p2', yes: 96, no: 80, abstain: 40, chosen: false },
    ],
  },
});

export const LivelihoodProgressRecorded = defineEvent({
  source,
  detailType: 'LivelihoodProgressRecorded',
  schemaVersion: '1.0',
  description: "The lead unit of a chosen livelihood project recorded a quarter's progress (季度进展), published with the project.",
  data: z
    .object({
      ballotId,
      projectId,
      leadUnitCode: code,
      quarter: z.number().int().min(1).max(4),
      percent: z.number().int().min(0).max(100).describe('How far the project is, as the unit reports it.'),
    })
    .strict(),
  sample: { ballotId: ballotSample.ballotId, projectId: 'p1', leadUnitCode: 'u-zhujian', quarter: 2, percent: 45 },
});

/** Every contract the participation service publishes. */
export const participationEvents = [
  ConsultationOpened,
  ConsultationClosed,
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentHeld,
  AppointmentMissed,
  LivelihoodBallotOpened,
  LivelihoodBallotPublished,
  LivelihoodProgressRecorded,
] as const;
