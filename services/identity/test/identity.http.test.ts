import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalJWKSet, jwtVerify } from 'jose';
import jsqr from 'jsqr';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { FileSigningKey } from '../../../shared/auth/signing-key.ts';
import { issueAccessToken } from '../../../shared/auth/tokens.ts';
import { fieldCipherFromEnv } from '../../../shared/crypto/field-cipher.ts';
import { resourceNames } from '../../../shared/runtime/manifest.ts';
import { documentClient } from '../../../shared/store/client.ts';
import { call, eventually, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { rasterizeQrSvg } from '../../../test/support/svg-raster.ts';
import { seedDemoCity, type DemoSeedReport } from '../src/demo/seed.ts';
import { identityService } from '../src/service.ts';

// jsqr is CommonJS: depending on the loader its function is the default export or its `default`.
const jsQR = (typeof jsqr === 'function' ? jsqr : jsqr.default) as typeof jsqr.default;

/** The identity routes of `docs/api.md` on the local platform, with the seeded demo city. */
describe('identity service over HTTP', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const login = (username: string, password = 'demo', headers: Record<string, string> = {}) =>
    call(platform.url, 'POST', '/v1/auth/login', { username, password }, headers);
  const tokenOf = async (username: string) => (await login(username)).body.accessToken as string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    platform = await startTestPlatform([identityService], {
      beforeServe: async () => void (seed = await seedDemoCity(city)),
    });
  });
  afterAll(async () => platform?.stop());

  describe('sign-in', () => {
    it.each([
      ['admin', 'admin', {}],
      ['city.reviewer', 'city_reviewer', {}],
      ['lucheng.reviewer', 'township_reviewer', { townshipCode: 'lucheng' }],
      ['u-zhujian.handler', 'unit_handler', { unitCode: 'u-zhujian' }],
      ['D0001', 'deputy', { deputyCode: 'D0001' }],
    ])('%s signs in as %s and /v1/me returns the same user', async (username, role, scope) => {
      // Act
      const response = await login(username);
      const me = await call(platform.url, 'GET', '/v1/me', undefined, bearer(response.body.accessToken));

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { username, role, scope } });
      expect(me.status).toBe(200);
      expect(me.body).toEqual(response.body.user);
    });

    it('answers an unknown user exactly like a wrong password', async () => {
      const unknown = await login('nobody.here', 'demo', { 'x-forwarded-for': '1' });
      const wrong = await login('admin', 'not-demo');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it('refuses a username after five failures, even with the right password, and says when to retry', async () => {
      // Prepare
      for (let i = 0; i < 5; i++) expect((await login('xincun.reviewer', `guess-${i}`)).status).toBe(401);

      // Act
      const locked = await login('xincun.reviewer', 'demo');

      // Assess
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await login('zixi.reviewer')).status).toBe(200);
    });

    it('refuses a missing, tampered, expired or foreign token with 401', async () => {
      // Prepare
      const good = await tokenOf('admin');
      const [header, payload, signature] = good.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const tampered = [header, Buffer.from(JSON.stringify({ ...claims, role: 'admin', sub: 'x' })).toString('base64url'), signature].join('.');
      const ownKey = new FileSigningKey(process.env.MINQING_SIGNING_KEY_FILE!);
      const expired = await issueAccessToken(ownKey, { ...claims }, new Date(Date.now() - 2 * 3600_000));
      const foreign = await issueAccessToken(new FileSigningKey(join(mkdtempSync(join(tmpdir(), 'foreign-')), 'k.pem')), claims, new Date());

      // Act & Assess
      for (const headers of [{}, bearer('garbage'), bearer(tampered), bearer(expired), bearer(foreign), { authorization: good }]) {
        const response = await call(platform.url, 'GET', '/v1/me', undefined, headers);
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHORIZED');
      }
      expect((await call(platform.url, 'GET', '/v1/me', undefined, bearer(good))).status).toBe(200);
    });

    it('publishes the verification key: tokens verify with the JWKS alone', async () => {
      const jwks = await call(platform.url, 'GET', '/.well-known/jwks.json');
      const { payload } = await jwtVerify(await tokenOf('D0002'), createLocalJWKSet(jwks.body), { issuer: 'minqing-identity', audience: 'minqing' });
      expect(payload).toMatchObject({ username: 'D0002', role: 'deputy' });
      expect(JSON.stringify(jwks.body)).not.toMatch(/"d":/);
    });
  });

  describe('public directory', () => {
    it('lists every township and station with its active deputies, and nothing private', async () => {
      // Act
      const townships = await call(platform.url, 'GET', '/v1/townships');
      const stations = await call(platform.url, 'GET', '/v1/stations');

      // Assess
      expect(townships.body.items).toHaveLength(15);
      expect(stations.body.items).toHaveLength(175);
      const listed = stations.body.items.flatMap((s: { deputies: unknown[] }) => s.deputies);
      expect(listed).toHaveLength(seed.directory.deputies.filter((d) => d.termStatus === 'active').length);
      const text = JSON.stringify(stations.body);
      expect(text).not.toMatch(/phone/i);
      for (const deputy of seed.directory.deputies.slice(0, 20)) expect(text).not.toContain(deputy.phone);
    });

    it('shows one station and one deputy with public fields only; unknown codes are 404', async () => {
      const deputy = seed.directory.deputies[0]!;
      const one = await call(platform.url, 'GET', `/v1/deputies/${deputy.code}`);
      expect(one.body).toEqual({
        code: deputy.code,
        name: deputy.name,
        level: deputy.level,
        townshipCode: deputy.townshipCode,
        stationCode: deputy.stationCode,
        group: deputy.groupCode,
        category: deputy.category,
        termStatus: 'active',
      });
      const station = await call(platform.url, 'GET', `/v1/stations/${deputy.stationCode}`);
      expect(station.body.deputies).toContainEqual({ code: deputy.code, name: deputy.name });
      expect((await call(platform.url, 'GET', '/v1/stations/st-nowhere-99')).status).toBe(404);
      expect((await call(platform.url, 'GET', '/v1/deputies/D9999')).status).toBe(404);
      expect((await call(platform.url, 'GET', '/v1/deputies/%3Cscript%3E')).status).toBe(400);
    });

    it('lists handling units to signed-in users only', async () => {
      expect((await call(platform.url, 'GET', '/v1/units')).status).toBe(401);
      const units = await call(platform.url, 'GET', '/v1/units', undefined, bearer(await tokenOf('D0003')));
      expect(units.status).toBe(200);
      expect(units.body.items).toHaveLength(seed.directory.units.length);
      expect(units.body.items).toContainEqual({ code: 'u-lucheng-jianshe', name: expect.any(String), kind: 'township_office', townshipCode: 'lucheng' });
    });

    it('serves QR codes that decode to the station and deputy message pages', async () => {
      // Prepare
      const deputy = seed.directory.deputies[5]!;

      // Act
      const stationSvg = await fetch(`${platform.url}/v1/stations/${deputy.stationCode}/qr.svg`);
      const deputySvg = await fetch(`${platform.url}/v1/deputies/${deputy.code}/qr.svg`);

      // Assess
      expect(stationSvg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const decode = async (response: Response) => {
        const { data, width, height } = rasterizeQrSvg(await response.text());
        return jsQR(data, width, height)?.data;
      };
      expect(await decode(stationSvg)).toBe(`${city.publicBaseUrl}/s/${deputy.stationCode}`);
      expect(await decode(deputySvg)).toBe(`${city.publicBaseUrl}/d/${deputy.code}`);
      expect((await fetch(`${platform.url}/v1/stations/st-nowhere-99/qr.svg`)).status).toBe(404);
    });

    it('prints a station poster with its deputies, their codes and QR codes', async () => {
      const station = seed.directory.stations[0]!;
      const deputies = seed.directory.deputies.filter((d) => d.stationCode === station.code && d.termStatus === 'active');
      const response = await fetch(`${platform.url}/v1/stations/${station.code}/poster`);
      const html = await response.text();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain(station.name);
      for (const deputy of deputies) expect(html).toContain(`代表码 ${deputy.code}`);
      expect(html.match(/<svg/g)).toHaveLength(deputies.length + 1);
    });
  });

  describe('directory import (CSV, admin only)', () => {
    const csv = (rows: string[]) => rows.join('\n');
    const post = async (kind: string, body: string, token?: string, contentType = 'text/csv; charset=utf-8') => {
      const response = await fetch(`${platform.url}/v1/directory/${kind}/import`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...(token ? bearer(token) : {}) },
        body,
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    /** Imports a file as a job and waits for the job to end: the 202 answer and the ended job. */
    const imported = async (kind: string, body: string, token: string) => {
      const accepted = await post(kind, body, token);
      const job = await eventually(
        async () => {
          const current = await call(platform.url, 'GET', `/v1/directory/import-jobs/${accepted.body.jobId}`, undefined, bearer(token));
          return ['succeeded', 'failed'].includes(current.body.status) ? current.body : undefined;
        },
        30_000,
        `import job ${accepted.body.jobId}`,
      );
      return { status: accepted.status, accepted: accepted.body, job };
    };
    const deputyHeader = 'code,name,level,constituency,townshipCode,stationCode,roomCode,gridCode,groupCode,category,professionalGroup,termStatus,phone';

    it('admits only the admin, and only text/csv', async () => {
      const file = csv(['code,name,townshipCode,address', 'st-lucheng-99,鹿城镇测试社区代表联络站,lucheng,楚雄市鹿城镇测试社区']);
      expect((await post('stations', file)).status).toBe(401);
      expect((await post('stations', file, await tokenOf('city.reviewer'))).status).toBe(403);
      expect((await post('stations', file, await tokenOf('admin'), 'application/json')).status).toBe(415);
    });

    it('creates, updates and ends terms, with their events, and a second import changes nothing', async () => {
      // Prepare
      const admin = await tokenOf('admin');
      const moved = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.townshipCode === 'lucheng')!;
      const leaving = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.code !== moved.code)!;
      const row = (d: (typeof seed.directory.deputies)[number], overrides: Partial<typeof d> = {}) => {
        const x = { ...d, ...overrides };
        return [
          x.code,
          x.name,
          x.level,
          x.constituency,
          x.townshipCode,
          x.stationCode,
          x.roomCode,
          x.gridCode,
          x.groupCode,
          x.category,
          x.professionalGroup ?? '',
          x.termStatus,
          x.phone,
        ].join(',');
      };
      const stations = csv(['code,name,townshipCode,address', 'st-lucheng-98,鹿城镇新建社区代表联络站,lucheng,楚雄市鹿城镇新建社区二楼']);
      const deputies = csv([
        deputyHeader,
        row(moved, { stationCode: 'st-lucheng-98' }),
        row(leaving, { termStatus: 'ended' }),
        row({ ...moved, code: 'D0900', name: '新代表', phone: '13800009999', stationCode: 'st-lucheng-98' }),
      ]);
      const seen: string[] = [];
      const stop = platform.bus.observe((event) => seen.push(`${event['detail-type']}:${JSON.stringify(event.detail)}`));

      // Act
      const stationImport = await imported('stations', stations, admin);
      const first = await imported('deputies', deputies, admin);
      const second = await imported('deputies', deputies, admin);
      stop();

      // Assess
      for (const result of [stationImport, first, second]) {
        expect(result.status).toBe(202);
        expect(result.accepted).toMatchObject({ jobId: expect.any(String), status: 'queued', done: 0 });
        expect(result.job).toMatchObject({ status: 'succeeded', done: result.job.total, errors: [] });
      }
      expect(stationImport.job.outcome).toEqual({ created: 1, updated: 0, unchanged: 0 });
      expect(first.job.outcome).toEqual({ created: 1, updated: 2, unchanged: 0 });
      expect(second.job.outcome).toEqual({ created: 0, updated: 0, unchanged: 3 });
      const kinds = seen.map((e) => e.split(':')[0]).sort();
      expect(kinds).toEqual(['DeputyRegistered', 'DeputyTermEnded', 'DeputyUpdated', 'StationRegistered']);
      expect(seen.join('\n')).not.toContain('13800009999');
      const station = await call(platform.url, 'GET', '/v1/stations/st-lucheng-98');
      expect(station.body.deputies.map((d: { code: string }) => d.code).sort()).toEqual(['D0900', moved.code].sort());
      expect((await call(platform.url, 'GET', `/v1/deputies/${leaving.code}`)).body.termStatus).toBe('ended');
    });

    it('refuses a file with a bad row or a dangling reference and writes nothing', async () => {
      // Prepare
      const admin = await tokenOf('admin');
      const base = seed.directory.deputies[10]!;
      const good = [
        base.code.replace(/\d+$/, '0950'),
        '好代表',
        'township',
        '一选区',
        base.townshipCode,
        base.stationCode,
        base.roomCode,
        base.gridCode,
        base.groupCode,
        'farmer',
        '',
        'active',
        '13900001111',
      ].join(',');
      const badPhone = good.replace('0950', '0951').replace('13900001111', '12345');
      const nowhere = good.replace('0950', '0952').replace(`,${base.townshipCode},`, ',atlantis,');

      // Act
      const invalid = await post('deputies', csv([deputyHeader, good, badPhone]), admin);
      const dangling = await post('deputies', csv([deputyHeader, good, nowhere]), admin);
      const garbage = await post('deputies', 'code,name\n"unterminated', admin);

      // Assess
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details).toContainEqual({ path: '1.phone', message: expect.stringContaining('11 digits') });
      expect(dangling.status).toBe(400);
      expect(dangling.body.error.details).toContainEqual({ path: '1.townshipCode', message: 'no township atlantis' });
      expect(garbage.status).toBe(400);
      expect((await call(platform.url, 'GET', `/v1/deputies/${base.code.replace(/\d+$/, '0950')}`)).status).toBe(404);
    });
  });

  it("keeps a deputy's phone only while they hold office: an ended term's record stays without it", async () => {
    // Prepare: a deputy whose term the demo city ended, and the one whose term the import above ended
    const active = seed.directory.deputies.filter((d) => d.termStatus === 'active');
    const moved = active.find((d) => d.townshipCode === 'lucheng')!;
    const ended = seed.directory.deputies.find((d) => d.termStatus === 'ended')!;
    const imported = active.find((d) => d.code !== moved.code)!;

    // Act
    const records = await Promise.all(
      [ended, imported].map(
        async (deputy) =>
          (
            await documentClient().send(
              new GetCommand({ TableName: resourceNames.table('demo', 'identity'), Key: { pk: `deputy#${deputy.code}`, sk: 'deputy' } }),
            )
          ).Item,
      ),
    );

    // Assess
    for (const record of records) {
      expect(record).toMatchObject({ termStatus: 'ended' });
      expect(record).not.toHaveProperty('phoneEncrypted');
    }
  });

  it("keeps deputies' phones only encrypted at rest", async () => {
    const deputy = seed.directory.deputies[7]!;
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: resourceNames.table('demo', 'identity'), Key: { pk: `deputy#${deputy.code}`, sk: 'deputy' } }),
    );
    expect(Item).toBeDefined();
    expect(Item!.phone).toBeUndefined();
    expect(JSON.stringify(Item)).not.toContain(deputy.phone);
    expect(await fieldCipherFromEnv('identity').decrypt(Item!.phoneEncrypted, { record: `deputy#${deputy.code}`, field: 'phone' })).toBe(deputy.phone);
  });
});
