import { cityDate } from '../../../../shared/time/city-dates.ts';
import { raiseFlags } from '../use-cases/duty-year.ts';
import { city, deputies, ports, schedule } from './deps.ts';

/**
 * Once the year is over, every deputy's year is evaluated for the year-end flags (no report to
 * voters, "mute"). Runs daily; flags are raised once each, so later runs change nothing.
 */
export const handler = schedule('year-end-flags', async (now) => {
  const lastYear = Number(cityDate(now, city.timeZone).slice(0, 4)) - 1;
  let flagged = 0;
  for (const deputy of await deputies.all()) {
    // A deputy who joined after that year has nothing to answer for in it.
    if (deputy.since && Number(cityDate(new Date(deputy.since), city.timeZone).slice(0, 4)) > lastYear) continue;
    flagged += (await raiseFlags(ports, deputy.code, lastYear, now, city.timeZone)).length;
  }
  return { year: lastYear, flagged };
});
