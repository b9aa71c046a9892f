import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { score, sumByRule } from '../src/domain/ledger.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { services } from '../../manifests.ts';
import { call, demoSessions, settled as settledQueues, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';

/**
 * Duty performance over events on the local platform: the ledger follows what deputies do, the
 * ranking and flags follow the ledger, and duplicates or replays change nothing.
 */
describe('scoring end to end', () => {
  const city = loadCityConfig('demo');
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: city.timeZone, year: 'numeric' }).format(new Date()));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: city.timeZone }).format(new Date());
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  let client = 0;
  const as = demoSessions(() => platform);
  const settled = () => settledQueues(platform);
  const archiveOf = async (code: string, username = 'city.reviewer') =>
    (await call(platform.url, 'GET', `/v1/deputies/${code}/archive?year=${year}`, undefined, await as(username))).body;
  const activity = async (deputyCode: string, kind: string, extra: Record<string, unknown> = {}) =>
    call(platform.url, 'POST', '/v1/activities', { deputyCode, kind, date: today, ...extra }, await as('city.reviewer'));

  /** A citizen's message to the deputy, answered on time; or escalated, resolved and rated satisfied. */
  async function answeredMessage(deputyCode: string) {
    const m = (
      await call(
        platform.url,
        'POST',
        '/v1/messages',
        { deputyCode, category: 'other', content: `请代表关注社区问题第${++client}号` },
        { 'x-forwarded-for': `2001:db8:5c::${client}` },
      )
    ).body;
    await call(platform.url, 'POST', `/v1/messages/${m.messageId}/reply`, { content: '已答复，谢谢反映。', close: true }, await as(deputyCode));
    return m;
  }
  async function resolvedMatter(deputy: DemoSeedReport['directory']['deputies'][number]) {
    const m = (
      await call(
        platform.url,
        'POST',
        '/v1/messages',
        { deputyCode: deputy.code, category: 'public_facilities', content: `小区路灯损坏需要维修第${++client}处` },
        { 'x-forwarded-for': `2001:db8:5c::${client}` },
      )
    ).body;
    const { caseId } = (await call(platform.url, 'POST', `/v1/messages/${m.messageId}/escalate`, { reason: '需要部门维修' }, await as(deputy.code))).body;
    await settled();
    const reviewer = `${deputy.townshipCode}.reviewer`;
    const unit = `u-${deputy.townshipCode}-jianshe`;
    const forwarded = await call(platform.url, 'POST', `/v1/cases/${caseId}/forward`, { unitCode: unit }, await as(reviewer));
    await call(platform.url, 'POST', `/v1/cases/${caseId}/accept`, { committedDate: forwarded.body.dueDate }, await as(`${unit}.handler`));
    await call(platform.url, 'POST', `/v1/cases/${caseId}/resolve`, { result: '已修好。' }, await as(`${unit}.handler`));
    await settled();
    await call(platform.url, 'POST', `/v1/track/${m.trackingCode}/rating`, { rating: 'satisfied' }, { 'x-tracking-token': m.trackingToken });
    await settled();
  }

  beforeAll(async () => {
    platform = await startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(city)) });
    platform.bus.observe((event) => events.push(event));
    await settled();
  });
  afterAll(async () => platform?.stop());

  it('ranks a deputy who answers, attends and solves matters above one who misses meetings, and flags the latter', async () => {
    // Prepare: two township deputies of one township
    const [good, absent] = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng');

    // Act: the good deputy answers on time, attends, resolves two matters; the other misses two meetings without leave
    await answeredMessage(good!.code);
    expect((await activity(good!.code, 'meeting', { note: '市人大常委会第十次会议' })).status).toBe(201);
    await resolvedMatter(good!);
    await resolvedMatter(good!);
    expect((await activity(absent!.code, 'absence', { approved: false, note: '常委会会议' })).status).toBe(201);
    expect((await activity(absent!.code, 'absence', { approved: false, note: '代表小组活动' })).status).toBe(201);
    await settled();

    // Assess: the archives explain every point
    const goodArchive = await archiveOf(good!.code);
    const rules = city.scoring[0]!;
    expect(goodArchive.points.total).toBe(rules.base + rules.messages.answered_on_time + rules.activities.meeting! + 2 * rules.messages.resolved_satisfied);
    expect(goodArchive.entries.map((e: { rule: string }) => e.rule).sort()).toEqual(['answered_on_time', 'meeting', 'practical_matter', 'practical_matter']);
    expect(goodArchive.stats).toMatchObject({ messages: 3, answeredOnTime: 1, averageSatisfaction: 100 });
    const absentArchive = await archiveOf(absent!.code);
    expect(absentArchive.points.total).toBe(rules.base + 2 * rules.deductions.absence_without_leave);
    expect(absentArchive.flags.map((f: { reason: string }) => f.reason)).toEqual(['absences_without_leave']);

    // Ranking: the good deputy above the absent one, city-wide and in the township
    for (const scope of ['city', 'lucheng']) {
      const items = (await call(platform.url, 'GET', `/v1/rankings?year=${year}&scope=${scope}`, undefined, await as('city.reviewer'))).body.items as {
        deputyCode: string;
        rank: number;
        grade: string;
      }[];
      const rankOf = (code: string) => items.find((i) => i.deputyCode === code)!.rank;
      expect(rankOf(good!.code)).toBeLessThan(rankOf(absent!.code));
      expect(items.find((i) => i.deputyCode === good!.code)!.grade).toBe('excellent');
    }
    const flags = (await call(platform.url, 'GET', `/v1/flags?year=${year}`, undefined, await as('lucheng.reviewer'))).body.items;
    expect(flags).toContainEqual(expect.objectContaining({ deputyCode: absent!.code, reason: 'absences_without_leave' }));
    expect(events.filter((e) => e['detail-type'] === 'DeputyFlagged' && (e.detail as any).data.deputyCode === absent!.code)).toHaveLength(1);
  });

  it('changes nothing when events are duplicated or replayed from the start', async () => {
    // Prepare: a deputy with some history
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.townshipCode === 'donggua')!;
    await answeredMessage(deputy.code);
    await activity(deputy.code, 'training');
    await settled();
    const before = await archiveOf(deputy.code);

    // Act: every messaging event about this deputy is delivered again
    const replay = events.filter((e) => e.source === 'minqing.messaging' && (e.detail as any).data.deputyCode === deputy.code);
    expect(replay.length).toBeGreaterThan(0);
    for (const e of replay) platform.bus.putEvents([{ Source: e.source as string, DetailType: e['detail-type'] as string, Detail: JSON.stringify(e.detail) }]);
    await settled();

    // Assess
    expect(await archiveOf(deputy.code)).toEqual(before);
  });

  it('recomputes the same totals from the ledger as the live read model', async () => {
    // Act: every deputy's year from the exported ledger, against the live archive
    const csv = await fetch(`${platform.url}/v1/ledger?year=${year}`, { headers: await as('city.reviewer') });
    const lines = Buffer.from(await csv.arrayBuffer())
      .subarray(3)
      .toString('utf8')
      .trim()
      .split('\r\n')
      .slice(1);
    const entries = lines.map((line) => {
      const cells = [...line.matchAll(/("((?:[^"]|"")*)"|[^,]*)(,|$)/g)].map((m) => (m[2] ?? m[1] ?? '').replace(/""/g, '"'));
      return { deputyCode: cells[1]!, rule: cells[4]!, points: Number(cells[5]) };
    });
    const deputiesWithEntries = [...new Set(entries.map((e) => e.deputyCode))];
    expect(deputiesWithEntries.length).toBeGreaterThan(1);

    // Assess
    for (const code of deputiesWithEntries) {
      const recomputed = score(sumByRule(entries.filter((e) => e.deputyCode === code)), city.scoring[0]!);
      expect((await archiveOf(code)).points.total).toBe(recomputed.total);
    }
  });

  it('keeps archives in scope: the deputy sees their own, other deputies and townships get 404', async () => {
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.townshipCode === 'zixi')!;
    const other = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.code !== deputy.code)!;
    const status = async (username: string) =>
      (await call(platform.url, 'GET', `/v1/deputies/${deputy.code}/archive?year=${year}`, undefined, await as(username))).status;
    expect(await status(deputy.code)).toBe(200);
    expect(await status('zixi.reviewer')).toBe(200);
    expect(await status(other.code)).toBe(404);
    expect(await status('lucheng.reviewer')).toBe(404);
    expect(await status('u-zhujian.handler')).toBe(403);
    const refused = await call(platform.url, 'POST', '/v1/activities', { deputyCode: deputy.code, kind: 'meeting', date: today }, await as('lucheng.reviewer'));
    expect(refused.status).toBe(404);
    const future = await call(
      platform.url,
      'POST',
      '/v1/activities',
      { deputyCode: deputy.code, kind: 'meeting', date: `${year + 1}-01-01` },
      await as('city.reviewer'),
    );
    expect(future.status).toBe(400);
    const badKind = await call(platform.url, 'POST', '/v1/activities', { deputyCode: deputy.code, kind: 'party', date: today }, await as('city.reviewer'));
    expect(badKind.status).toBe(400);
  });
});
