import { z } from 'zod';

/** The answers of statistics' routes, documented in `docs/api.md` (counts; rates are left to the reader). */

const count = z.number().int().min(0);
const satisfaction = z.object({ satisfied: count, basically: count, unsatisfied: count });

export const messageTallySchema = z.object({
  received: count,
  held: count.describe('Held as a suspected flood and never released to a deputy.'),
  answered: count.describe('Answered by the deputy (a first reply).'),
  answeredOnTime: count.describe('First reply within the reply time.'),
  escalated: count,
  resolved: count.describe('Resolved by a handling unit.'),
  resolvedOnTime: count.describe('Resolved within the unit’s committed date.'),
  closed: count,
  overdueNow: count.describe('Now past a deadline: the deputy’s reply, or the unit’s acceptance or committed date.'),
  medianReplyHours: z.number().nullable().describe('Median hours from the deputy receiving the message to their first reply.'),
  satisfaction: satisfaction.describe('The latest rating of each message.'),
});

export const overviewSchema = messageTallySchema.extend({
  from: z.iso.date(),
  to: z.iso.date(),
  byCategory: z.array(messageTallySchema.extend({ category: z.string() })),
  byTownship: z.array(messageTallySchema.extend({ townshipCode: z.string() })),
  byDay: z.array(messageTallySchema.extend({ date: z.iso.date() })),
  byWeek: z
    .array(messageTallySchema.extend({ week: z.iso.date().describe('The Monday of the week.') }))
    .optional()
    .describe('Only for periods longer than 62 days.'),
});

export const unitsSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  items: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string().nullable(),
      received: count.describe('Cases forwarded to the unit in the period.'),
      acceptedOnTime: count,
      resolved: count,
      resolvedOnTime: count.describe('Resolved within the committed date.'),
      overdueNow: count,
      medianDaysToResolve: z.number().nullable(),
      satisfaction,
    }),
  ),
});

export const deputiesSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  items: z.array(messageTallySchema.extend({ deputyCode: z.string(), name: z.string().nullable(), townshipCode: z.string().nullable() })),
});

export const stationFiguresSchema = z.object({
  stationCode: z.string(),
  year: z.number().int(),
  received: count,
  answered: count,
  resolved: count,
  latestSolved: z.array(
    z.object({
      category: z.string(),
      townshipCode: z.string().nullable(),
      resolvedOn: z.iso.date(),
      result: z.string().describe('The unit’s official result, addressed to the citizen.'),
    }),
  ),
});

/** `GET /v1/stats/follow-up`: the follow-up questionnaire (回访) of a period's messages. */
export const followUpSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  answered: count.describe('Messages whose citizen answered the questionnaire.'),
  solved: z.object({ yes: count, partly: count, no: count }).describe('Was it solved: yes, partly, no.'),
  replyUseful: count.describe('Found the reply useful.'),
  wouldUseAgain: count.describe('Would use the platform again.'),
});
