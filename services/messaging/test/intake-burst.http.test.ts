import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, type LocalPlatform } from '../../../test/support/platform.ts';
import { signIn, startMessagingPlatform } from './support.ts';

/** Elastic intake: a congress-session burst is taken whole, and every message reaches its inbox. */
describe('a burst of 2,000 submissions', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  beforeAll(async () => ({ platform, seed } = await startMessagingPlatform()));
  afterAll(async () => platform?.stop());

  it("loses none: every one is accepted and on its deputy's inbox", async () => {
    // Prepare: ten deputies, 200 citizens writing ten different messages each
    const deputies = seed.directory.deputies
      .filter((d) => d.termStatus === 'active')
      .slice(20, 30)
      .map((d) => d.code);
    // Texts differ in words, not only in digits: digits alone would (rightly) look like a flood.
    const places = ['东门', '西街', '南桥', '北坡', '中心广场', '菜市场', '小学', '卫生院', '老街', '新区'];
    const problems = ['路灯不亮', '电梯故障', '道路积水', '垃圾清运不及时', '噪音扰民', '停车难', '井盖破损', '绿化带被占', '公交班次太少', '自来水浑浊'];
    const submissions = Array.from({ length: 2000 }, (_, i) => ({
      body: {
        deputyCode: deputies[i % deputies.length],
        category: 'other',
        content: `${places[i % 10]}${problems[Math.floor(i / 10) % 10]}，${places[Math.floor(i / 100) % 10]}居民反映已久。`,
      },
      client: `2001:db8:b::${(Math.floor(i / 10)).toString(16)}`,
    }));

    // Act: 50 at a time
    const accepted = new Map<string, string>();
    const failures: number[] = [];
    for (let i = 0; i < submissions.length; i += 50) {
      await Promise.all(
        submissions.slice(i, i + 50).map(async ({ body, client }) => {
          const response = await call(platform.url, 'POST', '/v1/messages', body, { 'x-forwarded-for': client });
          if (response.status === 202) accepted.set(response.body.messageId, body.deputyCode!);
          else failures.push(response.status);
        }),
      );
    }

    // Assess
    expect(failures).toEqual([]);
    expect(accepted.size).toBe(2000);
    const onInboxes = new Set<string>();
    for (const deputy of deputies) {
      const auth = await signIn(platform.url, deputy);
      let cursor: string | null = null;
      do {
        const page: { body: { items: { messageId: string }[]; nextCursor: string | null } } = await call(
          platform.url,
          'GET',
          `/v1/inbox?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          auth,
        );
        for (const item of page.body.items) onInboxes.add(item.messageId);
        cursor = page.body.nextCursor;
      } while (cursor);
    }
    const missing = [...accepted.keys()].filter((id) => !onInboxes.has(id));
    expect(missing).toEqual([]);
  });
});
