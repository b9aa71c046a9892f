import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { mintedSessions } from '../../../test/support/minted-sessions.ts';
import { call, eventually, settled, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { generateDemoDirectory } from '../../identity/src/demo/demo-directory.ts';
import { seedDemoCity } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { participationService } from '../src/service.ts';

/**
 * A livelihood vote (民生实事票决) walked over HTTP on the local platform, on a clock moved through
 * the year: the committee lists the candidate projects; deputies in office vote once each within
 * the window (others refused, a second vote refused, a vote before and after the window refused);
 * the committee publishes, choosing the project with yes votes from more than half of the deputies
 * in office; the lead unit records its quarterly progress; at year end the deputies rate it once.
 */
describe('livelihood project votes end to end', () => {
  const city = loadCityConfig('demo');
  const directory = generateDemoDirectory({ townships: city.townships, demo: city.demo! });
  const inOffice = directory.deputies.filter((d) => d.termStatus === 'active');
  const retired = directory.deputies.find((d) => d.termStatus !== 'active')!;
  const [lead, other] = directory.units;
  const majority = Math.floor(inOffice.length / 2) + 1;
  let platform: LocalPlatform;
  const events: BusEvent[] = [];
  const sessions = mintedSessions(() => platform);
  const as = sessions.as;
  const asDeputy = (code: string) => sessions.deputy(code, inOffice[0]!.code);
  let ballotId: string;
  const dataOf = (event: BusEvent) => (event.detail as { data: Record<string, unknown> }).data;
  const voteOn = async (code: string, projectId: string, choice: string) =>
    call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/votes`, { projectId, choice }, await asDeputy(code));
  const project = (title: string, unit: { code: string; name: string }) => ({
    title,
    description: `${title}：惠及全市群众`,
    leadUnitCode: unit.code,
    leadUnitName: unit.name,
    budgetNote: '市级财政安排800万元',
  });

  beforeAll(async () => {
    // 10:00 on 2 November 2026 in the city (Asia/Shanghai).
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-11-02T02:00:00Z') });
    platform = await startTestPlatform([identityService, participationService], { beforeServe: async () => void (await seedDemoCity(city)) });
    platform.bus.observe((event) => events.push(event));
    await settled(platform, 120_000);
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    vi.useRealTimers();
  });

  it('lets the city reviewer list the candidate projects, and nobody else; the list pages', async () => {
    // Prepare
    const body = {
      year: 2026,
      title: '2026年度民生实事项目票决',
      opensAt: '2026-11-02T03:00:00Z',
      closesAt: '2026-11-03T09:00:00Z',
      projects: [project('老旧小区改造提升', lead!), project('农村饮水安全巩固', other!), project('城区公共停车场建设', other!)],
    };

    // Act
    const created = await call(platform.url, 'POST', '/v1/livelihood-ballots', body, await as('city.reviewer'));
    const earlier = await call(platform.url, 'POST', '/v1/livelihood-ballots', { ...body, title: '2026年度补充票决' }, await as('city.reviewer'));
    const byTownship = await call(platform.url, 'POST', '/v1/livelihood-ballots', body, await as('lucheng.reviewer'));
    const firstPage = await call(platform.url, 'GET', '/v1/livelihood-ballots?limit=1', undefined, await as(`${lead!.code}.handler`));
    const secondPage = await call(platform.url, 'GET', `/v1/livelihood-ballots?limit=1&cursor=${firstPage.body.nextCursor}`, undefined, await as('admin'));

    // Assess
    expect(created.status).toBe(201);
    ballotId = created.body.ballotId;
    expect(earlier.status).toBe(201);
    expect(byTownship.status).toBe(403);
    expect(firstPage.body.items).toHaveLength(1);
    expect(secondPage.body.items).toHaveLength(1);
    expect([firstPage.body.items[0].ballotId, secondPage.body.items[0].ballotId].sort()).toEqual([ballotId, earlier.body.ballotId].sort());
    expect(firstPage.body.items[0]).toMatchObject({ status: 'upcoming', projects: 3 });
    const opened = await eventually(async () => events.find((e) => e['detail-type'] === 'LivelihoodBallotOpened' && dataOf(e).ballotId === ballotId));
    expect(dataOf(opened)).toMatchObject({ year: 2026, projects: 3 });
  });

  it('takes votes from deputies in office only, once each, and only within the window', async () => {
    // Prepare
    const early = await voteOn(inOffice[0]!.code, 'p1', 'yes');
    vi.setSystemTime(new Date('2026-11-02T04:00:00Z'));
    const yes = inOffice.slice(0, majority);
    const against = inOffice.slice(majority, majority + 20);

    // Act: a majority of the deputies in office say yes to p1; p2 gets fewer yes votes than half
    const first = [];
    for (let i = 0; i < yes.length; i += 25) first.push(...(await Promise.all(yes.slice(i, i + 25).map((d) => voteOn(d.code, 'p1', 'yes')))));
    const second = await Promise.all([
      ...against.map((d) => voteOn(d.code, 'p1', 'no')),
      ...yes.slice(0, 30).map((d) => voteOn(d.code, 'p2', 'yes')),
      ...yes.slice(30, 40).map((d) => voteOn(d.code, 'p2', 'abstain')),
    ]);
    const again = await voteOn(yes[0]!.code, 'p1', 'no');
    const byRetired = await voteOn(retired.code, 'p1', 'yes');
    const byReviewer = await call(
      platform.url,
      'POST',
      `/v1/livelihood-ballots/${ballotId}/votes`,
      { projectId: 'p1', choice: 'yes' },
      await as('city.reviewer'),
    );
    const unknownProject = await voteOn(yes[1]!.code, 'p9', 'yes');
    const mine = await call(platform.url, 'GET', `/v1/livelihood-ballots/${ballotId}`, undefined, await asDeputy(yes[0]!.code));
    const tooSoon = await call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/publish`, undefined, await as('city.reviewer'));
    const unpublished = await call(platform.url, 'GET', `/v1/public/livelihood-ballots/${ballotId}`);

    // Assess
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'BALLOT_NOT_OPEN' } } });
    expect([...first, ...second].every((r) => r.status === 204)).toBe(true);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_VOTED', message: expect.any(String) } } });
    expect(byRetired.status).toBe(403);
    expect(byReviewer.status).toBe(403);
    expect(unknownProject.status).toBe(404);
    expect(mine.body).toMatchObject({ status: 'voting', votersSoFar: majority + 20, mine: { votes: { p1: 'yes', p2: 'yes' }, ratings: {} } });
    expect(mine.body.projects[0].yes).toBeUndefined();
    expect(tooSoon).toMatchObject({ status: 409, body: { error: { code: 'BALLOT_NOT_CLOSED' } } });
    expect(unpublished.status).toBe(404);
    expect(events.some((e) => String(e['detail-type']).startsWith('LivelihoodVote'))).toBe(false);
  }, 120_000);

  it('refuses late votes and publishes the result: chosen with yes votes from more than half of the deputies in office', async () => {
    // Prepare
    vi.setSystemTime(new Date('2026-11-03T10:00:00Z'));

    // Act
    const late = await voteOn(inOffice.at(-1)!.code, 'p3', 'yes');
    const published = await call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/publish`, undefined, await as('city.reviewer'));
    const twice = await call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/publish`, undefined, await as('city.reviewer'));
    const results = await call(platform.url, 'GET', `/v1/public/livelihood-ballots/${ballotId}`);
    const page = await fetch(`${platform.url}/l/${ballotId}`);

    // Assess
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'BALLOT_CLOSED' } } });
    expect(published.status).toBe(204);
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'BALLOT_PUBLISHED' } } });
    expect(results.body).toMatchObject({ deputiesInOffice: inOffice.length });
    expect(results.body.projects.map((p: Record<string, unknown>) => [p.projectId, p.yes, p.no, p.abstain, p.chosen])).toEqual([
      ['p1', majority, 20, 0, true],
      ['p2', 30, 0, 10, false],
      ['p3', 0, 0, 0, false],
    ]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="zh-CN">');
    const event = await eventually(async () => events.find((e) => e['detail-type'] === 'LivelihoodBallotPublished'));
    expect(dataOf(event)).toMatchObject({
      ballotId,
      deputiesInOffice: inOffice.length,
      results: [{ projectId: 'p1', chosen: true }, { chosen: false }, { chosen: false }],
    });
    expect(JSON.stringify(event.detail)).not.toContain(inOffice[0]!.code);
  });

  it("tracks the chosen project with its lead unit's quarterly progress", async () => {
    // Prepare
    const report = async (projectId: string, unit: { code: string }, body: unknown) =>
      call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/projects/${projectId}/progress`, body, await as(`${unit.code}.handler`));

    // Act
    const recorded = await report('p1', lead!, { quarter: 4, text: '已完成12个小区管网改造，3个小区正在施工', percent: 80 });
    const byOtherUnit = await report('p1', other!, { quarter: 4, text: '已完成', percent: 100 });
    const notChosen = await report('p2', other!, { quarter: 4, text: '已完成', percent: 100 });
    const results = await call(platform.url, 'GET', `/v1/public/livelihood-ballots/${ballotId}`);

    // Assess
    expect(recorded.status).toBe(204);
    expect(byOtherUnit.status).toBe(404);
    expect(notChosen.status).toBe(404);
    expect(results.body.projects[0].progress).toEqual([expect.objectContaining({ quarter: 4, percent: 80, text: '已完成12个小区管网改造，3个小区正在施工' })]);
    const event = await eventually(async () => events.find((e) => e['detail-type'] === 'LivelihoodProgressRecorded'));
    expect(dataOf(event)).toEqual({ ballotId, projectId: 'p1', leadUnitCode: lead!.code, quarter: 4, percent: 80 });
  });

  it('takes each deputy’s year-end rating once, from 1 December', async () => {
    // Prepare
    const rate = async (code: string, satisfaction: string) =>
      call(platform.url, 'POST', `/v1/livelihood-ballots/${ballotId}/projects/p1/ratings`, { satisfaction }, await asDeputy(code));
    const tooEarly = await rate(inOffice[0]!.code, 'satisfied');
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'));

    // Act
    const rated = await Promise.all([rate(inOffice[0]!.code, 'satisfied'), rate(inOffice[1]!.code, 'basically'), rate(inOffice[2]!.code, 'unsatisfied')]);
    const again = await rate(inOffice[0]!.code, 'unsatisfied');
    const byRetired = await rate(retired.code, 'satisfied');
    const results = await call(platform.url, 'GET', `/v1/public/livelihood-ballots/${ballotId}`);
    const mine = await call(platform.url, 'GET', `/v1/livelihood-ballots/${ballotId}`, undefined, await asDeputy(inOffice[1]!.code));

    // Assess
    expect(tooEarly).toMatchObject({ status: 409, body: { error: { code: 'RATING_NOT_OPEN' } } });
    expect(rated.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_RATED' } } });
    expect(byRetired.status).toBe(403);
    expect(results.body.projects[0].ratings).toEqual({ satisfied: 1, basically: 1, unsatisfied: 1 });
    expect(mine.body.mine.ratings).toEqual({ p1: 'basically' });
  });
});
