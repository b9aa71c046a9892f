import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import { receptionDates } from '../../shared/city/reception-day.ts';
import { call, demoSessions } from '../support/platform.ts';
import { expectAccessible, screenshot, signIn } from './console-browser.ts';
import { startConsoleWorld, type ConsoleWorld } from './console-platform.ts';

/**
 * The admin's 个人信息删除 screen in Chromium: a citizen asks for their personal data to go; the
 * admin enters the tracking code, confirms, and the name, phone and location are gone while the
 * matter stays; the erasure is listed with who and when.
 */
describe('staff console: erasing a citizen’s personal data', () => {
  let world: ConsoleWorld;
  const as = demoSessions(() => world.platform);

  beforeAll(async () => void (world = await startConsoleWorld()), 180_000);
  afterAll(async () => world?.stop());

  it('erases the name, phone and location of one message on request, keeps the matter, and audits it', async () => {
    // Prepare: a citizen's message with a name, a phone and a location
    const deputy = world.seed.directory.deputies.find((d) => d.termStatus === 'active' && d.stationCode)!;
    const submitted = await call(
      world.platform.url,
      'POST',
      '/v1/messages',
      {
        deputyCode: deputy.code,
        category: 'public_facilities',
        content: '小区门口的路灯坏了，晚上出行不便。',
        name: '王小明',
        phone: '13912345678',
        location: '东华社区3组',
      },
      { 'x-forwarded-for': '203.0.113.91' },
    );
    const { messageId, trackingCode } = submitted.body;
    const before = await call(world.platform.url, 'GET', `/v1/messages/${messageId}`, undefined, await as('admin'));
    expect(before.body.citizen).toEqual({ name: '王*', phone: '139****5678' });
    const { page, problems } = await world.open('phone');
    await signIn(page, 'admin');

    // Act: from the menu, the tracking code, then the confirmation
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('link', { name: '个人信息删除' }).click();
    await page.getByRole('heading', { level: 1, name: '个人信息删除' }).waitFor();
    await page.getByLabel('查询码或留言编号').fill(trackingCode);
    await page.getByRole('button', { name: '删除个人信息' }).click();
    await page.getByRole('alert').filter({ hasText: '删除后无法恢复' }).waitFor();
    await expectAccessible(page, 'admin-privacy-confirm');
    await page.getByRole('button', { name: '确认删除' }).click();

    // Assess: confirmed, listed with who, and gone from the message while the matter stays
    await page
      .getByRole('status')
      .filter({ hasText: `已删除留言 ${messageId} 的个人信息：姓名、手机号、地点、来源标识。` })
      .waitFor();
    const listed = page.getByRole('row').filter({ hasText: messageId });
    await expect(listed.textContent()).resolves.toMatch(/申请删除.*admin/);
    await expectAccessible(page, 'admin-privacy');
    await screenshot(page, 'admin-privacy');
    const after = await call(world.platform.url, 'GET', `/v1/messages/${messageId}`, undefined, await as('admin'));
    expect(after.body.citizen).toEqual({ name: null, phone: null });
    expect(after.body.location).toBeNull();
    expect(after.body.content).toBe('小区门口的路灯坏了，晚上出行不便。');
    const contact = await call(world.platform.url, 'GET', '/v1/privacy/erasures', undefined, await as('admin'));
    expect(contact.body.items[0]).toMatchObject({ by: 'admin', reason: 'request', messageIds: [messageId], fields: ['name', 'phone', 'location', 'source'] });
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 120_000);

  it('erases the name and phone of a reception-day appointment named by its id, keeps the appointment, and lists it', async () => {
    // Prepare: a citizen's appointment (pending its SMS code) with a deputy group's coming reception day
    const deputy = world.seed.directory.deputies.find((d) => d.termStatus === 'active' && d.stationCode)!;
    const date = receptionDates(loadCityConfig('demo').receptionDay, deputy.groupCode, new Date().toISOString().slice(0, 10)).at(-1)!;
    const booked = await call(
      world.platform.url,
      'POST',
      '/v1/appointments',
      { groupCode: deputy.groupCode, date, slot: '09:00', topic: '小区门口道路破损', phone: '13912345670', name: '李先生' },
      { 'x-forwarded-for': '203.0.113.92' },
    );
    expect(booked.status).toBe(201);
    const { appointmentId } = booked.body;
    const { page, problems } = await world.open('desktop');
    await signIn(page, 'admin');

    // Act
    await page.goto('/console/#/privacy');
    await page.getByRole('heading', { level: 1, name: '个人信息删除' }).waitFor();
    await page.getByLabel('查询码或留言编号').fill(appointmentId);
    await page.getByRole('button', { name: '删除个人信息' }).click();
    await page.getByRole('button', { name: '确认删除' }).click();

    // Assess
    await page
      .getByRole('status')
      .filter({ hasText: `已删除预约 ${appointmentId} 的个人信息：姓名、手机号。` })
      .waitFor();
    const listed = page.getByRole('row').filter({ hasText: appointmentId });
    await expect(listed.textContent()).resolves.toMatch(/申请删除.*admin/);
    await expectAccessible(page, 'admin-privacy-appointment');
    const log = await call(world.platform.url, 'GET', '/v1/privacy/erasures', undefined, await as('admin'));
    expect(log.body.items[0]).toMatchObject({ by: 'admin', reason: 'request', messageIds: [], appointmentIds: [appointmentId], fields: ['name', 'phone'] });
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 120_000);

  it('refuses the screen and the route to anyone but the admin', async () => {
    // Act
    const answer = await call(world.platform.url, 'POST', '/v1/privacy/erasure', { trackingCode: 'AAAA-AAAA' }, await as('city.reviewer'));

    // Assess
    expect(answer.status).toBe(403);
  });
});
