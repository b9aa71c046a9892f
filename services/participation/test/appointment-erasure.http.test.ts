import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { resourceNames } from '../../../shared/runtime/manifest.ts';
import { dynamoClients } from '../../../shared/store/client.ts';
import { call, demoSessions, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { lastTextParams } from '../../../test/support/texts.ts';
import { generateDemoDirectory } from '../../identity/src/demo/demo-directory.ts';
import { seedDemoCity } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { messagingService } from '../../messaging/src/service.ts';
import { notificationsService } from '../../notifications/src/service.ts';
import { receptionGroups } from '../src/domain/reception.ts';
import { participationService } from '../src/service.ts';
import { receptionDayListed } from './reception-support.ts';
import { appointmentKey } from '../src/table.ts';

/**
 * 删除个人信息 for reception-day appointments on the local platform: the admin erases one citizen's
 * appointment through messaging's privacy route (participation erases and audits it), and
 * participation's nightly retention sweep erases the other once the city's period has passed after
 * the day; both are in the one erasure log, and the appointments stay for the group's record.
 */
describe('appointments in retention and erasure', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  const as = demoSessions(() => platform);
  const directory = generateDemoDirectory({ townships: city.townships, demo: city.demo! });
  const group = receptionGroups(directory.deputies.map((d) => ({ ...d, active: d.termStatus === 'active' })))[0]!;
  const booking = { groupCode: group.groupCode, date: '2026-12-15', topic: '小区门口道路破损，雨天积水严重' };

  /** A citizen books a slot and verifies the SMS code: the appointment's id. */
  async function booked(slot: string, phone: string, name: string): Promise<string> {
    const requested = await call(
      platform.url,
      'POST',
      '/v1/appointments',
      { ...booking, slot, phone, name },
      { 'x-forwarded-for': `203.0.113.${slot.slice(0, 2)}` },
    );
    expect(requested.status).toBe(201);
    const verified = await call(platform.url, 'POST', `/v1/appointments/${requested.body.appointmentId}/verification`, {
      code: lastTextParams('appointment_code').code,
    });
    expect(verified.status).toBe(200);
    return requested.body.appointmentId;
  }

  const stored = async (appointmentId: string) =>
    (await dynamoClients().doc.send(new GetCommand({ TableName: resourceNames.table('demo', participationService.name), Key: appointmentKey(appointmentId) })))
      .Item!;

  beforeAll(async () => {
    // The city's clock at 09:00 on 14 December 2026 (Asia/Shanghai), the eve of the reception day.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-12-14T01:00:00Z') });
    platform = await startTestPlatform([identityService, messagingService, participationService, notificationsService], {
      beforeServe: async () => void (await seedDemoCity(city)),
    });
    await receptionDayListed(platform, group);
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    vi.useRealTimers();
  });

  it("erases one appointment's name and phone on the admin's request, and keeps the appointment", async () => {
    // Prepare
    const asked = await booked('09:00', '13912340001', '李先生');
    const other = await booked('09:30', '13912340002', '赵女士');

    // Act
    const erased = await call(platform.url, 'POST', '/v1/privacy/erasure', { appointmentId: asked }, await as('admin'));
    const unknown = await call(platform.url, 'POST', '/v1/privacy/erasure', { appointmentId: 'a-00000000000000ff' }, await as('admin'));
    const list = await call(platform.url, 'GET', '/v1/appointments?month=2026-12', undefined, await as('admin'));

    // Assess
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ by: 'admin', reason: 'request', messageIds: [], appointmentIds: [asked], fields: ['name', 'phone'] });
    expect(unknown.status).toBe(404);
    const byId = new Map(list.body.items.map((i: { appointmentId: string }) => [i.appointmentId, i]));
    expect(byId.get(asked)).toMatchObject({ status: 'booked', date: '2026-12-15', topic: booking.topic, contactErased: true });
    expect(byId.get(asked)).not.toHaveProperty('phoneMasked');
    expect(byId.get(asked)).not.toHaveProperty('name');
    expect(byId.get(other)).toMatchObject({ name: '赵女士', phoneMasked: '139****0002' });
    expect(await stored(asked)).not.toHaveProperty('contact');
  });

  it("erases what is left once the city's period has passed after the day, in the nightly sweep, and lists both erasures", async () => {
    // Prepare: the demo city keeps appointments' contacts 3 months after the day
    const months = city.retention.appointmentContactMonths;
    const remaining = (await call(platform.url, 'GET', '/v1/appointments?month=2026-12', undefined, await as('admin'))).body.items.filter(
      (i: { contactErased?: boolean }) => !i.contactErased,
    );

    // Act: the night before the period ends, then the night after
    const early = await platform.scheduler.run('participation-schedule-contact-retention', new Date(Date.UTC(2026, 11 + months, 14, 18, 30)));
    const due = await platform.scheduler.run('participation-schedule-contact-retention', new Date(Date.UTC(2026, 11 + months, 15, 18, 30)));
    const log = await call(platform.url, 'GET', '/v1/privacy/erasures', undefined, await as('admin'));

    // Assess
    expect(remaining).toHaveLength(1);
    expect(early).toEqual({ erased: 0 });
    expect(due).toEqual({ erased: 1 });
    expect(await stored(remaining[0].appointmentId)).not.toHaveProperty('contact');
    expect(log.status).toBe(200);
    expect(log.body.items.slice(0, 2)).toMatchObject([
      { by: 'retention', reason: 'retention', appointmentIds: [remaining[0].appointmentId], fields: ['name', 'phone'] },
      { by: 'admin', reason: 'request', fields: ['name', 'phone'] },
    ]);
  });
});
