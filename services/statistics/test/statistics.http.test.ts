import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { statisticsService } from '../src/service.ts';
import { call, demoSessions, settled, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { expectedDeputies, expectedOverview, expectedTally, expectedUnits } from './expected.ts';
import { cityDay, publishScripted, type Script, type ScriptedEvent, scriptDemoMonth, shuffled } from './script.ts';

/**
 * A scripted month of activity through the platform's bus and queue into statistics, twice and in
 * shuffled orders, against a count done from the script's plan; the public figures identity's
 * profile carries; the committee's CSV exports.
 */
describe('statistics end to end', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let script: Script;
  const as = demoSessions(() => platform);
  const get = async (path: string, username?: string) => call(platform.url, 'GET', path, undefined, username ? await as(username) : {});

  const publish = (events: readonly ScriptedEvent[], idSuffix = '') => expect(publishScripted(platform.bus, events, city.name, idSuffix)).toBe(0);

  beforeAll(async () => {
    platform = await startTestPlatform([identityService, statisticsService], { beforeServe: async () => void (seed = await seedDemoCity(city)) });
    script = scriptDemoMonth(city, seed.directory.deputies, 'HT');
    // Delivered twice: shuffled under their own ids, then shuffled again under fresh ids.
    publish(shuffled(script.events, 5));
    publish(shuffled(script.events, 9), '-replayed');
    await settled(platform, 60_000);
  }, 120_000);
  afterAll(async () => platform?.stop());

  it("gives the committee a month's figures equal to a count from the script, though every event came twice and out of order", async () => {
    // Prepare
    const period = `from=${script.from}&to=${script.to}`;

    // Act
    const [overview, units, deputies] = await Promise.all([
      get(`/v1/stats/overview?${period}`, 'city.reviewer'),
      get(`/v1/stats/units?${period}`, 'admin'),
      get(`/v1/stats/deputies?${period}`, 'city.reviewer'),
    ]);

    // Assess
    expect(overview.status).toBe(200);
    expect(overview.body).toEqual(expectedOverview(script, city.timeZone));
    expect(overview.body.overdueNow).toBeGreaterThan(0);
    expect(units.body.items).toEqual(expectedUnits(script, city.timeZone));
    expect(deputies.body.items).toEqual(expectedDeputies(script));
  });

  it('shows a township reviewer only their township, whatever they ask for', async () => {
    // Act
    const period = `from=${script.from}&to=${script.to}`;
    const deputies = await get(`/v1/stats/deputies?${period}&township=donggua`, 'lucheng.reviewer');
    const overview = await get(`/v1/stats/overview?${period}`, 'lucheng.reviewer');

    // Assess
    expect(deputies.body.items).toEqual(expectedDeputies(script, 'lucheng'));
    expect(overview.body).toMatchObject(expectedTally(script.plan.filter((m) => m.townshipCode === 'lucheng')));
    expect((await get('/v1/stats/overview')).status).toBe(401);
    expect((await get('/v1/stats/units', 'D0001')).status).toBe(403);
  });

  it('exports each table as CSV with a BOM, one line per row', async () => {
    // Prepare
    const period = `from=${script.from}&to=${script.to}&format=csv`;
    const csvOf = async (path: string) => {
      const response = await fetch(`${platform.url}${path}`, { headers: await as('city.reviewer') });
      const bytes = Buffer.from(await response.arrayBuffer());
      return {
        contentType: response.headers.get('content-type'),
        bom: [...bytes.subarray(0, 3)],
        lines: bytes.subarray(3).toString('utf8').trimEnd().split('\r\n'),
      };
    };

    // Act
    const [overview, units, deputies] = await Promise.all([
      csvOf(`/v1/stats/overview?${period}`),
      csvOf(`/v1/stats/units?${period}`),
      csvOf(`/v1/stats/deputies?${period}`),
    ]);

    // Assess
    const expected = expectedOverview(script, city.timeZone);
    for (const csv of [overview, units, deputies]) {
      expect(csv.contentType).toMatch(/^text\/csv/);
      expect(csv.bom).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for Chinese
    }
    expect(overview.lines).toHaveLength(2 + expected.byCategory.length + expected.byTownship.length + expected.byDay.length);
    expect(overview.lines[1]).toMatch(new RegExp(`^"total","",${expected.received},${expected.held},${expected.answered},`));
    expect(units.lines).toHaveLength(1 + expectedUnits(script, city.timeZone).length);
    expect(deputies.lines).toHaveLength(1 + expectedDeputies(script).length);
  });

  it("carries each deputy's responsiveness on identity's public profile, counted from the same messages", async () => {
    // Prepare
    const deputy = script.deputies[0]!;
    const theirs = script.plan.filter((m) => m.deputyCode === deputy.code);
    const rated = theirs.filter((m) => m.rating);

    // Act
    const profile = await get(`/v1/deputies/${deputy.code}`);
    const direct = await get(`/v1/deputies/${deputy.code}/responsiveness`);

    // Assess
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ code: deputy.code, name: deputy.name });
    expect(profile.body.responsiveness).toMatchObject({
      messages: theirs.length,
      answeredOnTime: theirs.filter((m) => m.replyHours !== undefined && m.replyHours <= 72).length,
      rated: rated.length,
      satisfied: rated.filter((m) => m.rating === 'satisfied').length,
      enough: true,
      minimum: 5,
    });
    expect(direct.body).toEqual(profile.body.responsiveness);
  });

  it('withholds the figures of a deputy with fewer than 5 messages', async () => {
    // Prepare: a deputy in office with no scripted messages
    const quiet = seed.directory.deputies.find((d) => d.termStatus === 'active' && !script.deputies.some((s) => s.code === d.code))!;

    // Act
    const profile = await get(`/v1/deputies/${quiet.code}`);

    // Assess
    expect(profile.body.responsiveness).toMatchObject({ messages: 0, answeredOnTime: null, medianReplyHours: null, satisfied: null, enough: false });
  });

  it("publishes a station's year and open data with counts and official results only", async () => {
    // Prepare
    const station = script.deputies[0]!.stationCode;
    const year = Number(script.to.slice(0, 4));
    const ofYear = script.plan.filter((m) => cityDay(m.submittedAt, city.timeZone).startsWith(`${year}-`));
    const atStation = ofYear.filter((m) => m.stationCode === station);

    // Act
    const figures = await get(`/v1/public/stations/${station}/stats?year=${year}`);
    const openData = await get(`/v1/public/stats.csv?year=${year}`);

    // Assess
    expect(figures.body).toMatchObject({
      stationCode: station,
      year,
      received: atStation.length,
      resolved: atStation.filter((m) => m.outcome === 'resolved').length,
    });
    for (const solved of figures.body.latestSolved) expect(Object.keys(solved).sort()).toEqual(['category', 'resolvedOn', 'result', 'townshipCode']);
    const rows = openData.body
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line: string) => line.split(','));
    expect(rows.reduce((sum: number, row: string[]) => sum + Number(row[3]), 0)).toBe(ofYear.length);
    expect(openData.body).not.toMatch(/m-ht|D\d{4}/i);
  });
});
