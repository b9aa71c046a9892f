import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { recordFacts } from '../../src/use-cases/record-fact.ts';
import { readDeputies, readOverview, readResponsiveness, readUnits, type StatisticsPorts } from '../../src/use-cases/read-figures.ts';
import { expectedDeputies, expectedOverview, expectedUnits } from '../expected.ts';
import { type ScriptedEvent, scriptMonth, shuffled } from '../script.ts';
import { InMemoryFacts } from './in-memory.ts';

const city = loadCityConfig('demo');
const now = new Date();
const deputies = [0, 1, 2, 3, 4, 5].map((i) => ({
  code: `RP${i}`,
  name: `代表${i}`,
  townshipCode: ['lucheng', 'donggua', 'lvhe'][i % 3]!,
  stationCode: `st-rp-${i % 2}`,
}));
const script = scriptMonth({
  now,
  timeZone: city.timeZone,
  deputies,
  categories: ['roads_transport', 'public_facilities', 'education', 'environment'],
  messages: 60,
  prefix: 'RP',
});

/** Ports on a fresh in-memory store fed with these deliveries. */
async function portsAfter(deliveries: readonly ScriptedEvent[]): Promise<StatisticsPorts> {
  const facts = new InMemoryFacts((at) => cityDate(new Date(at), city.timeZone).slice(0, 7));
  for (const d of deliveries) await recordFacts(facts, d.event, d.occurredAt);
  return { facts, timeZone: city.timeZone, now: () => now };
}

/** Every figure the committee reads, for comparison. */
async function allFigures(ports: StatisticsPorts) {
  const period = { from: script.from, to: script.to };
  return {
    overview: await readOverview(ports, period),
    units: await readUnits(ports, period),
    deputies: await readDeputies(ports, period),
    responsiveness: await Promise.all(script.deputies.map((d) => readResponsiveness(ports, d.code))),
  };
}

describe('counting under at-least-once delivery', () => {
  it('gives the figures of a recount from the plan when each event is delivered once, in order', async () => {
    // Prepare
    const ports = await portsAfter(script.events);

    // Act
    const figures = await allFigures(ports);

    // Assess
    expect(figures.overview).toEqual(expectedOverview(script, city.timeZone));
    expect(figures.units).toEqual(expectedUnits(script, city.timeZone));
    expect(figures.deputies).toEqual(expectedDeputies(script));
  });

  it('gives the same figures when the events are delivered twice, each time in a shuffled order', async () => {
    // Prepare
    const once = await allFigures(await portsAfter(script.events));

    // Act
    const twice = await allFigures(await portsAfter([...shuffled(script.events, 7), ...shuffled(script.events, 11)]));

    // Assess
    expect(twice).toEqual(once);
  });

  it('gives the same figures when every event is delivered twice in a row, out of order', async () => {
    // Prepare
    const once = await allFigures(await portsAfter(script.events));

    // Act
    const doubled = await allFigures(await portsAfter(shuffled(script.events, 3).flatMap((d) => [d, d])));

    // Assess
    expect(doubled).toEqual(once);
  });
});
