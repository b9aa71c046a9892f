import { randomUUID } from 'node:crypto';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { apiDocument } from '../../services/api.ts';
import { services } from '../../services/manifests.ts';
import { receptionDates } from '../../shared/city/reception-day.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { call, demoSessions, eventually, settled, startTestPlatform } from '../support/platform.ts';
import type { JsonSchema } from '../support/schema-arbitrary.ts';

/** The callers of the matrix: one account per role, all of 鹿城镇 (lucheng) where a scope applies. */
export const CALLER_ROLES = ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The records a probe points at: one set in the callers' scope (鹿城镇), one outside it (东瓜镇). */
export interface Target {
  township: string;
  deputyCode: string;
  stationCode: string;
  unitCode: string;
  messageId: string;
  caseId: string;
  trackingCode: string;
  trackingToken: string;
  suggestionId: string;
  consultationId: string;
  responseId: string;
  notificationId: string;
  /** A reception-day appointment (pending its SMS code) with the township's deputy's group. */
  appointmentId: string;
  /** A livelihood ballot open for voting, its first project led by the township's unit (ballots themselves are city-wide). */
  ballotId: string;
}

/** One documented route, with what a probe needs from the OpenAPI document. */
export interface Operation {
  key: string;
  method: string;
  path: string;
  roles?: string[];
  params: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  body?: { mediaType: string; schema: JsonSchema };
}

/** The whole city stack on the local platform, the demo city seeded, and records in and out of the callers' scope. */
export interface SecurityWorld {
  platform: LocalPlatform;
  seed: DemoSeedReport;
  inScope: Target;
  outOfScope: Target;
  /** The Authorization header of each role's caller. */
  callers: Record<CallerRole, Record<string, string>>;
  /** An account no probe signs in with, for the routes that act on an account. */
  spareUsername: string;
  /** A directory import job, for the route that reads one. */
  jobId: string;
  /** A ledger entry, for the route that reverses one. */
  entryId: string;
  year: number;
}

/** Every route of the OpenAPI document, `METHOD path` first. */
export function documentedOperations(): Operation[] {
  const document = apiDocument() as unknown as { paths: Record<string, Record<string, any>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => {
        const operation = item[method];
        const content = operation.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
        const [mediaType, body] = content ? Object.entries(content)[0]! : [];
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          roles: operation['x-minqing-roles'],
          params: operation.parameters ?? [],
          body: mediaType ? { mediaType, schema: body!.schema } : undefined,
        };
      }),
  );
}

/** The routes in order, signing out last: it revokes the caller's token. */
export function signOutLast(operations: Operation[]): Operation[] {
  const last = (o: Operation) => Number(o.key === 'POST /v1/auth/logout');
  return [...operations].sort((a, b) => last(a) - last(b));
}

/** Starts the world: the platform, the callers signed in, and a message, a case, a suggestion and a consultation on each side. */
export async function startSecurityWorld(): Promise<SecurityWorld> {
  let seed: DemoSeedReport | undefined;
  const platform = await startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) });
  await settled(platform, 120_000);
  const as = demoSessions(() => platform);
  const deputies = seed!.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township');
  const deputyIn = deputies.find((d) => d.townshipCode === 'lucheng')!;
  const deputyOut = deputies.find((d) => d.townshipCode === 'donggua')!;
  const spare = deputies.filter((d) => d.townshipCode === 'lucheng')[1]!;
  const callers = {
    deputy: await as(deputyIn.code),
    township_reviewer: await as('lucheng.reviewer'),
    city_reviewer: await as('city.reviewer'),
    unit_handler: await as('u-lucheng-jianshe.handler'),
    admin: await as('admin'),
  };
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const inScope = await targetIn(platform, as, {
    township: 'lucheng',
    deputyCode: deputyIn.code,
    stationCode: deputyIn.stationCode,
    unitCode: 'u-lucheng-jianshe',
    groupCode: deputyIn.groupCode,
  });
  const outOfScope = await targetIn(platform, as, {
    township: 'donggua',
    deputyCode: deputyOut.code,
    stationCode: deputyOut.stationCode,
    unitCode: 'u-donggua-jianshe',
    groupCode: deputyOut.groupCode,
  });

  const post = (path: string, body: unknown, headers: Record<string, string>) => call(platform.url, 'POST', path, body, headers);
  const today = new Date().toISOString().slice(0, 10);
  const activity = await post('/v1/activities', { deputyCode: deputyIn.code, kind: 'training', date: today }, callers.township_reviewer);
  const job = await fetch(`${platform.url}/v1/directory/townships/import`, {
    method: 'POST',
    headers: { ...callers.admin, 'content-type': 'text/csv' },
    body: `code,name\nlucheng,鹿城镇\n`,
  }).then((response) => response.json() as Promise<{ jobId: string }>);
  await settled(platform);
  const archive = await call(platform.url, 'GET', `/v1/deputies/${deputyIn.code}/archive?year=${year}`, undefined, callers.city_reviewer);
  const entryId = (archive.body.entries as { entryId: string }[] | undefined)?.[0]?.entryId;
  if (activity.status !== 201 || !entryId || !job.jobId) throw new Error(`world not ready: activity ${activity.status}, archive ${archive.status}`);
  return { platform, seed: seed!, inScope, outOfScope, callers, spareUsername: spare.code, jobId: job.jobId, entryId, year };
}

/** A citizen's message escalated into a case forwarded to the township's unit, a suggestion and a consultation answered, in one township. */
async function targetIn(
  platform: LocalPlatform,
  as: (username: string) => Promise<Record<string, string>>,
  where: Pick<Target, 'township' | 'deputyCode' | 'stationCode' | 'unitCode'> & { groupCode: string },
): Promise<Target> {
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const response = await call(platform.url, 'POST', path, body, headers);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const deputy = await as(where.deputyCode);
  const reviewer = await as(`${where.township}.reviewer`);
  const message = await post(
    '/v1/messages',
    { deputyCode: where.deputyCode, category: 'public_facilities', content: `村口的路灯坏了很久了，晚上出行不便（${where.township}）` },
    { 'x-forwarded-for': `2001:db8:5ec::${where.township.length}` },
  );
  const escalated = await post(`/v1/messages/${message.messageId}/escalate`, { reason: '需要乡镇建设部门处理' }, deputy);
  await settled(platform);
  await post(`/v1/cases/${escalated.caseId}/forward`, { unitCode: where.unitCode }, reviewer);
  const suggestion = await post(
    '/v1/suggestions',
    { kind: 'suggestion', title: '关于增设路灯的建议', content: '建议在村口增设路灯，方便群众夜间出行。', category: 'public_facilities' },
    deputy,
  );
  const consultation = await post(
    '/v1/consultations',
    {
      title: '年度监督议题',
      description: '请选择您最关心的议题',
      options: ['道路', '教育'],
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      townshipCode: where.township,
    },
    await as('city.reviewer'),
  );
  const response = await post(
    `/v1/consultations/${consultation.consultationId}/responses`,
    { choices: [0], comment: '道路最要紧' },
    { 'x-device-id': randomUUID() },
  );
  // The group's reception day next month: bookable whatever the hour today.
  const receptionDate = receptionDates(loadCityConfig('demo').receptionDay, where.groupCode, new Date().toISOString().slice(0, 10)).at(-1)!;
  const appointment = await post(
    '/v1/appointments',
    { groupCode: where.groupCode, date: receptionDate, slot: '09:00', topic: '村口路灯', phone: '13900000000' },
    { 'x-forwarded-for': `2001:db8:5ec::a${where.township.length}` },
  );
  const ballot = await post(
    '/v1/livelihood-ballots',
    {
      year: new Date().getUTCFullYear(),
      title: '年度民生实事项目票决',
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      projects: [{ title: '村口路灯', description: '增设路灯', leadUnitCode: where.unitCode, leadUnitName: '建设办', budgetNote: '10万元' }],
    },
    await as('city.reviewer'),
  );
  await settled(platform);
  const notifications = await eventually(async () => {
    const list = await call(platform.url, 'GET', '/v1/notifications', undefined, deputy);
    return (list.body.items as { id: string }[])[0];
  });
  return {
    ...where,
    messageId: message.messageId,
    caseId: escalated.caseId,
    trackingCode: message.trackingCode,
    trackingToken: message.trackingToken,
    suggestionId: suggestion.suggestionId,
    consultationId: consultation.consultationId,
    responseId: response.responseId,
    notificationId: notifications.id,
    appointmentId: appointment.appointmentId,
    ballotId: ballot.ballotId,
  };
}
