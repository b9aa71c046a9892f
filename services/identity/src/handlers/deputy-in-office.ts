import { z } from 'zod';
import { directory, internal } from './deps.ts';

/**
 * Internal function `deputy-in-office` (only messaging may invoke it): whether identity's directory
 * has this deputy in office. Messaging asks only when its own view does not know a deputy, to tell
 * a deputy imported seconds ago (whose events are still on the way) from a code that names no one.
 */
export const deputyInOffice = internal(
  { name: 'deputy-in-office', input: z.object({ deputyCode: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/) }).strict() },
  async ({ deputyCode }): Promise<{ inOffice: boolean }> => {
    const deputy = await directory.getDeputy(deputyCode);
    return { inOffice: deputy?.termStatus === 'active' };
  },
);
