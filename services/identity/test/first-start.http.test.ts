import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { call, eventually, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { startLocalCity } from '../src/first-start-local.ts';
import { identityService } from '../src/service.ts';

/**
 * A city that is not the demo, from its first start to a deputy's ended term, over HTTP on the
 * local platform: the first admin's one-time password, its change, imports, activation codes,
 * a deputy's activation and sign-in, and their access ending within a minute of their term.
 */
describe('a new city from its first start (sample city, local platform)', () => {
  const city = loadCityConfig('sample');
  let platform: LocalPlatform;
  let oneTimePassword: string | undefined;
  let adminToken: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const csv = (token: string) => ({ ...bearer(token), 'content-type': 'text/csv' });
  /** Imports a file as a job (202) and waits for the job to end. */
  const imported = async (kind: string, body: string) => {
    const accepted = await call(platform.url, 'POST', `/v1/directory/${kind}/import`, body, csv(adminToken));
    return eventually(async () => {
      const job = await call(platform.url, 'GET', `/v1/directory/import-jobs/${accepted.body.jobId}`, undefined, bearer(adminToken));
      return ['succeeded', 'failed'].includes(job.body.status) ? job.body : undefined;
    });
  };
  /** The deputies' accounts once the directory's events have reached them. */
  const deputyAccounts = (want: string) =>
    eventually(async () => {
      const page = await call(platform.url, 'GET', '/v1/accounts?role=deputy', undefined, bearer(adminToken));
      const pairs = page.body.items.map((a: { username: string; status: string }) => `${a.username}:${a.status}`).join(' ');
      return pairs === want ? pairs : undefined;
    }, 60_000);
  const login = (username: string, password: string) => call(platform.url, 'POST', '/v1/auth/login', { username, password });
  const deputiesCsv = (termStatus: 'active' | 'ended') =>
    'code,name,level,constituency,townshipCode,stationCode,roomCode,gridCode,groupCode,category,professionalGroup,termStatus,phone\n' +
    `D0001,王秀英,city,城关第一选区,chengguan,st-chengguan-01,room-01,room-01-g1,grp-chengguan-1,farmer,,${termStatus},13800000001\n` +
    'D0002,李建国,township,城关第二选区,chengguan,st-chengguan-01,room-01,room-01-g1,grp-chengguan-1,worker,,active,13800000002\n';

  beforeAll(async () => {
    platform = await startTestPlatform([identityService], {
      city,
      beforeServe: async () => void (oneTimePassword = (await startLocalCity(city)).firstAdmin?.oneTimePassword),
    });
  });
  afterAll(async () => platform?.stop());

  it('has the townships of its config and no demo accounts', async () => {
    // Act
    const townships = await call(platform.url, 'GET', '/v1/townships');
    const demoAdmin = await login('admin', 'demo');
    const demoReviewer = await login('city.reviewer', 'demo');

    // Assess
    expect(townships.body.items.map((t: { code: string }) => t.code).sort()).toEqual(city.townships.map((t) => t.code).sort());
    expect(demoAdmin.status).toBe(401);
    expect(demoReviewer.status).toBe(401);
    expect(oneTimePassword).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });

  it('lets the first admin in with the one-time password only to set a new one', async () => {
    // Prepare
    const signIn = await login('admin', oneTimePassword!);
    const firstToken = signIn.body.accessToken as string;

    // Act
    const elsewhere = await call(platform.url, 'GET', '/v1/accounts', undefined, bearer(firstToken));
    const me = await call(platform.url, 'GET', '/v1/me', undefined, bearer(firstToken));
    const weak = await call(platform.url, 'POST', '/v1/auth/password', { currentPassword: oneTimePassword, newPassword: 'woaini1314' }, bearer(firstToken));
    const changed = await call(
      platform.url,
      'POST',
      '/v1/auth/password',
      { currentPassword: oneTimePassword, newPassword: 'river-stone-lantern-9' },
      bearer(firstToken),
    );
    adminToken = changed.body.accessToken;

    // Assess
    expect(signIn.status).toBe(200);
    expect(signIn.body.mustChangePassword).toBe(true);
    expect(signIn.headers.get('set-cookie')).toMatch(/^minqing_refresh=[^;]+; .*Path=\/v1\/auth; HttpOnly; Secure; SameSite=Strict/);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(me.status).toBe(200);
    expect(weak.status).toBe(400);
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBeUndefined();
    expect((await login('admin', oneTimePassword!)).status).toBe(401);
    expect((await call(platform.url, 'GET', '/v1/accounts', undefined, bearer(adminToken))).status).toBe(200);
  });

  it('imports deputies with pending accounts, hands out activation codes, and lets a deputy activate and sign in', async () => {
    // Prepare
    const stations = await imported('stations', 'code,name,townshipCode,address\nst-chengguan-01,城关镇代表联络站,chengguan,城关镇人民路1号\n');
    const deputies = await imported('deputies', deputiesCsv('active'));
    const pending = await deputyAccounts('D0001:pending D0002:pending');

    // Act
    const codes = await fetch(`${platform.url}/v1/accounts/activation-codes`, { method: 'POST', headers: bearer(adminToken) });
    const rows = (await codes.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')));
    const code = rows.find((r) => r[0] === 'D0001')![2]!;
    const wrongCode = await call(platform.url, 'POST', '/v1/auth/activate', {
      username: 'D0001',
      activationCode: 'AAAA-BBBB-CCCC',
      newPassword: 'tea-garden-morning-4',
    });
    const activated = await call(platform.url, 'POST', '/v1/auth/activate', { username: 'D0001', activationCode: code, newPassword: 'tea-garden-morning-4' });
    const signIn = await login('D0001', 'tea-garden-morning-4');

    // Assess
    expect(stations.status).toBe('succeeded');
    expect(deputies.outcome).toMatchObject({ created: 2 });
    expect(pending).toBe('D0001:pending D0002:pending');
    expect(codes.status).toBe(200);
    expect(rows[0]).toEqual(['username', 'name', 'activationCode']);
    expect(rows).toHaveLength(3);
    expect(wrongCode.status).toBe(401);
    expect(activated.status).toBe(200);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ username: 'D0001', role: 'deputy', scope: { deputyCode: 'D0001' } });
  });

  it("ends a deputy's access within a minute of their term ending", { timeout: 90_000 }, async () => {
    // Prepare
    const token = (await login('D0001', 'tea-garden-morning-4')).body.accessToken as string;
    expect((await call(platform.url, 'GET', '/v1/me', undefined, bearer(token))).status).toBe(200);
    const endedAt = Date.now();

    // Act
    const reimport = await imported('deputies', deputiesCsv('ended'));
    const refused = await eventually(
      async () => ((await call(platform.url, 'GET', '/v1/me', undefined, bearer(token))).status === 401 ? Date.now() : undefined),
      60_000,
      "the ended deputy's token refused",
    );

    // Assess
    expect(reimport.status).toBe('succeeded');
    expect(refused - endedAt).toBeLessThan(60_000);
    expect((await login('D0001', 'tea-garden-morning-4')).status).toBe(401);
    expect(await deputyAccounts('D0001:disabled D0002:pending')).toBe('D0001:disabled D0002:pending');
  });
});
