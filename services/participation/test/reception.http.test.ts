import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { call, demoSessions, eventually, settled, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { recordedSends } from '../../notifications/src/adapters/channels/recording-channel.ts';
import { notificationsService } from '../../notifications/src/service.ts';
import { generateDemoDirectory } from '../../identity/src/demo/demo-directory.ts';
import { seedDemoCity } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { scoringService } from '../../scoring/src/service.ts';
import { lastTextParams } from '../../../test/support/texts.ts';
import { receptionGroups } from '../src/domain/reception.ts';
import { participationService } from '../src/service.ts';
import { receptionDayListed } from './reception-support.ts';

/**
 * A reception-day appointment (代表固定接待日) walked over HTTP on the local platform, on the demo
 * city's clock moved to the eve of the 15th: a citizen books a slot from the station's page and
 * verifies the SMS code, is reminded the morning before, cancels with the confirmation's token and
 * books again; on the day the group sees who comes and records it held, and the deputies present
 * are credited the reception duty once.
 */
describe('reception-day appointments end to end', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  const events: BusEvent[] = [];
  const as = demoSessions(() => platform);
  const directory = generateDemoDirectory({ townships: city.townships, demo: city.demo! });
  const deputies = directory.deputies.map((d) => ({ ...d, active: d.termStatus === 'active' }));
  const group = receptionGroups(deputies)[0]!;
  const member = group.deputies[0]!;
  const outsider = deputies.find((d) => d.active && d.groupCode !== group.groupCode)!;
  const phone = '13912345678';
  const booking = { groupCode: group.groupCode, date: '2026-12-15', slot: '09:30', topic: '小区门口道路破损，雨天积水严重', phone, name: '王女士' };
  const lastCode = () => lastTextParams('appointment_code').code!;

  beforeAll(async () => {
    // The city's clock at 09:00 on 14 December 2026 (Asia/Shanghai), the eve of the reception day.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-12-14T01:00:00Z') });
    platform = await startTestPlatform([identityService, participationService, notificationsService, scoringService], {
      beforeServe: async () => void (await seedDemoCity(city)),
    });
    platform.bus.observe((event) => events.push(event));
    await receptionDayListed(platform, group);
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    vi.useRealTimers();
  });

  let first: { appointmentId: string; cancelToken: string };

  it("lists the group's reception days at its station and books a slot once the SMS code is verified", async () => {
    // Prepare
    const days = await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`);
    const day = days.body.days.find((d: { groupCode: string; date: string }) => d.groupCode === group.groupCode && d.date === '2026-12-15');

    // Act
    const notAReceptionDay = await call(platform.url, 'POST', '/v1/appointments', { ...booking, date: '2026-12-16' });
    const requested = await call(platform.url, 'POST', '/v1/appointments', booking);
    const wrong = await call(platform.url, 'POST', `/v1/appointments/${requested.body.appointmentId}/verification`, {
      code: lastCode() === '000000' ? '111111' : '000000',
    });
    const verified = await call(platform.url, 'POST', `/v1/appointments/${requested.body.appointmentId}/verification`, { code: lastCode() });

    // Assess
    expect(days.body.station.code).toBe(group.stationCode);
    expect(day.deputies).toEqual(group.deputies.map((d) => d.name));
    expect(day.slots.find((s: { start: string }) => s.start === '09:30')).toEqual({ start: '09:30', end: '10:00', left: 3 });
    expect(notAReceptionDay.status).toBe(400);
    expect(requested.status).toBe(201);
    expect(requested.body).toEqual({ appointmentId: expect.stringMatching(/^a-/), status: 'pending' });
    expect(wrong.status).toBe(400);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'booked', cancelToken: expect.any(String) });
    first = { appointmentId: requested.body.appointmentId, cancelToken: verified.body.cancelToken };
    const confirmation = recordedSends().findLast((s) => s.template === 'appointment_confirmed');
    expect(confirmation?.to).toBe('139****5678');
    const booked = await eventually(async () => events.find((e) => e['detail-type'] === 'AppointmentBooked'));
    expect(booked.detail).toMatchObject({
      data: { appointmentId: first.appointmentId, groupCode: group.groupCode, date: '2026-12-15', slot: '09:30', verified: true },
    });
    expect(JSON.stringify(events)).not.toContain(phone);
    expect(JSON.stringify(events)).not.toContain('王女士');
    const after = await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`);
    const slot = after.body.days.find((d: { groupCode: string; date: string }) => d.groupCode === group.groupCode && d.date === '2026-12-15').slots[1];
    expect(slot).toEqual({ start: '09:30', end: '10:00', left: 2 });
  });

  it('reminds the citizen the morning before, once', async () => {
    // Prepare
    const reminders = () => recordedSends().filter((s) => s.template === 'appointment_reminder').length;
    const before = reminders();

    // Act
    await platform.scheduler.run('participation-schedule-appointment-reminder', new Date('2026-12-14T01:00:00Z'));
    await platform.scheduler.run('participation-schedule-appointment-reminder', new Date('2026-12-14T01:05:00Z'));

    // Assess
    expect(reminders()).toBe(before + 1);
    expect(lastTextParams('appointment_reminder')).toMatchObject({
      date: '2026-12-15',
      slot: '09:30',
      appointmentId: first.appointmentId,
    });
  });

  it('cancels with the confirmation token only, and books again', async () => {
    // Prepare
    const token = (t: string) => ({ 'x-appointment-token': t });

    // Act
    const stranger = await call(platform.url, 'POST', `/v1/appointments/${first.appointmentId}/cancel`, undefined, token('x'.repeat(32)));
    const cancelled = await call(platform.url, 'POST', `/v1/appointments/${first.appointmentId}/cancel`, undefined, token(first.cancelToken));
    const again = await call(platform.url, 'POST', `/v1/appointments/${first.appointmentId}/cancel`, undefined, token(first.cancelToken));
    const seen = await call(platform.url, 'GET', `/v1/appointments/${first.appointmentId}`, undefined, token(first.cancelToken));
    const rebooked = await call(platform.url, 'POST', '/v1/appointments', { ...booking, slot: '10:00' });
    const reverified = await call(platform.url, 'POST', `/v1/appointments/${rebooked.body.appointmentId}/verification`, { code: lastCode() });

    // Assess
    expect(stranger.status).toBe(404);
    expect(cancelled.status).toBe(204);
    expect(again.status).toBe(409);
    expect(seen.body).toMatchObject({ status: 'cancelled', date: '2026-12-15', slot: '09:30' });
    expect(reverified.body.status).toBe('booked');
    first = { appointmentId: rebooked.body.appointmentId, cancelToken: reverified.body.cancelToken };
    const days = await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`);
    const slots = days.body.days.find((d: { groupCode: string; date: string }) => d.groupCode === group.groupCode && d.date === '2026-12-15').slots;
    expect(slots.slice(1, 3).map((s: { left: number }) => s.left)).toEqual([3, 2]);
    expect(events.filter((e) => e['detail-type'] === 'AppointmentCancelled')).toHaveLength(1);
  });

  it("shows the group's deputies who comes, phone masked, and nobody else's", async () => {
    // Act
    const mine = await call(platform.url, 'GET', '/v1/appointments?month=2026-12', undefined, await as(member.code));
    const theirs = await call(platform.url, 'GET', '/v1/appointments?month=2026-12', undefined, await as(outsider.code));
    const early = await call(
      platform.url,
      'POST',
      `/v1/appointments/${first.appointmentId}/outcome`,
      { outcome: 'held', deputiesPresent: [member.code] },
      await as(member.code),
    );

    // Assess
    expect(mine.status).toBe(200);
    const row = mine.body.items.find((i: { appointmentId: string }) => i.appointmentId === first.appointmentId);
    expect(row).toMatchObject({ name: '王女士', phoneMasked: '139****5678', topic: booking.topic, slot: '10:00', status: 'booked', verified: true });
    expect(JSON.stringify(mine.body)).not.toContain(phone);
    expect(mine.body.groups[0].deputies.map((d: { code: string }) => d.code)).toContain(member.code);
    expect(theirs.body.items.some((i: { appointmentId: string }) => i.appointmentId === first.appointmentId)).toBe(false);
    expect(early.status).toBe(409);
  });

  it('records it held on the day and credits the deputies present with the reception duty, once per day', async () => {
    // Prepare: the reception day, 11:00 in the city; a second citizen comes too
    vi.setSystemTime(new Date('2026-12-15T03:00:00Z'));
    const as = demoSessions(() => platform); // yesterday's sessions have expired
    const others = group.deputies.slice(1, 2).map((d) => d.code);
    const present = [member.code, ...others];
    const archive = async () =>
      (await call(platform.url, 'GET', `/v1/deputies/${member.code}/archive?year=2026`, undefined, await as('city.reviewer'))).body.points.byRule.reception_day;
    const before = (await archive())?.earned ?? 0;

    // Act
    const stranger = await call(
      platform.url,
      'POST',
      `/v1/appointments/${first.appointmentId}/outcome`,
      { outcome: 'held', deputiesPresent: [outsider.code] },
      await as(member.code),
    );
    const held = await call(
      platform.url,
      'POST',
      `/v1/appointments/${first.appointmentId}/outcome`,
      { outcome: 'held', deputiesPresent: present },
      await as(member.code),
    );
    const twice = await call(platform.url, 'POST', `/v1/appointments/${first.appointmentId}/outcome`, { outcome: 'not_attended' }, await as(member.code));
    await settled(platform);

    // Assess
    expect(stranger.status).toBe(400);
    expect(held.status).toBe(204);
    expect(twice.status).toBe(409);
    const heldEvent = events.find((e) => e['detail-type'] === 'AppointmentHeld');
    expect(heldEvent?.detail).toMatchObject({ data: { appointmentId: first.appointmentId, deputyCodes: [...present].sort() } });
    const earned = await eventually(async () => {
      const rule = await archive();
      return rule && rule.earned > before ? rule.earned : undefined;
    });
    expect(earned).toBe(before + city.scoring[0]!.activities.reception_day!);
    // The same fact again under a fresh event id (a second citizen held that day, a replay) credits nothing more.
    const detail = heldEvent!.detail as { metadata: Record<string, unknown> };
    platform.bus.putEvents([
      {
        Source: heldEvent!.source as string,
        DetailType: 'AppointmentHeld',
        Detail: JSON.stringify({ ...detail, metadata: { ...detail.metadata, eventId: '01JREPLAYEDRECEPTIONDAY0000' } }),
      },
    ]);
    await settled(platform);
    expect((await archive()).earned).toBe(earned);
  });
});
