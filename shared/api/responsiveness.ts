import { z } from 'zod';

const count = z.number().int().min(0);

/**
 * A deputy's responsiveness over the last 12 months: answered by statistics and shown on
 * identity's public deputy profile, so the shape is a contract between the two services.
 */
export const responsivenessSchema = z.object({
  since: z.iso.datetime().describe('The 12 months counted start here.'),
  messages: count.describe('Messages the deputy was answerable for whose reply time ended, or that were answered.'),
  answeredOnTime: count.nullable(),
  medianReplyHours: z.number().nullable(),
  rated: count.nullable(),
  satisfied: count.nullable(),
  enough: z.boolean().describe('At least `minimum` messages: otherwise the figures are withheld (too few to say).'),
  minimum: count,
  method: z.string().describe('How it is counted, in the words the public pages show.'),
});
