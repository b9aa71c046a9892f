import { z } from 'zod';
import { defineEvent } from '../envelope.ts';
import { publicNameField } from '../public-text.ts';

/**
 * Events of the identity service: changes to the city directory, so other services keep their own
 * read models. Deputies are public office holders: their code, name and posts are public
 * directory facts; their phone never travels on the bus.
 */
const source = 'minqing.identity' as const;
const code = z.string().min(1).max(64);

export const TownshipRegistered = defineEvent({
  source,
  detailType: 'TownshipRegistered',
  schemaVersion: '1.0',
  description: 'A township or street (乡镇/街道) joined the directory.',
  data: z.object({ townshipCode: code, name: publicNameField() }).strict(),
  sample: { townshipCode: 'lucheng', name: '鹿城镇' },
});

export const StationRegistered = defineEvent({
  source,
  detailType: 'StationRegistered',
  schemaVersion: '1.0',
  description: 'A liaison station (代表联络站) joined the directory.',
  data: z.object({ stationCode: code, name: publicNameField(), townshipCode: code }).strict(),
  sample: { stationCode: 'st-lucheng-01', name: '鹿城镇福塔社区代表联络站', townshipCode: 'lucheng' },
});

export const UnitRegistered = defineEvent({
  source,
  detailType: 'UnitRegistered',
  schemaVersion: '1.0',
  description: 'A handling unit (承办单位) — a city department or a township office — joined the directory.',
  data: z.object({ unitCode: code, name: publicNameField(), kind: z.enum(['city_department', 'township_office']), townshipCode: code.optional() }).strict(),
  sample: { unitCode: 'u-zhujian', name: '楚雄市住房和城乡建设局', kind: 'city_department' },
});

const deputyFacts = z
  .object({
    deputyCode: code,
    name: publicNameField(),
    level: z.enum(['city', 'township']),
    townshipCode: code,
    stationCode: code,
    roomCode: code,
    gridCode: code,
    groupCode: code,
    category: z.string(),
    professionalGroup: z.string().optional(),
  })
  .strict();

const deputySample = {
  deputyCode: 'D0001',
  name: '李春华',
  level: 'city' as const,
  townshipCode: 'lucheng',
  stationCode: 'st-lucheng-01',
  roomCode: 'room-01',
  gridCode: 'room-01-g1',
  groupCode: 'grp-lucheng-1',
  category: 'professional',
};

export const DeputyRegistered = defineEvent({
  source,
  detailType: 'DeputyRegistered',
  schemaVersion: '1.0',
  description: 'A deputy (人大代表) joined the directory, with their public posts (never their phone).',
  data: deputyFacts,
  sample: deputySample,
});

export const DeputyUpdated = defineEvent({
  source,
  detailType: 'DeputyUpdated',
  schemaVersion: '1.0',
  description: "A deputy's public posts changed (station, room, group, level…).",
  data: deputyFacts,
  sample: { ...deputySample, stationCode: 'st-lucheng-02' },
});

export const DeputyTermEnded = defineEvent({
  source,
  detailType: 'DeputyTermEnded',
  schemaVersion: '1.0',
  description: "A deputy's term ended (定标退出 or end of term); their records are kept.",
  data: z.object({ deputyCode: code, reason: z.enum(['term_completed', 'resigned', 'removed', 'moved_away', 'other']) }).strict(),
  sample: { deputyCode: 'D0001', reason: 'moved_away' },
});

const username = z.string().min(1).max(64);
const role = z.enum(['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin']);
const scope = z.object({ townshipCode: code.optional(), unitCode: code.optional(), deputyCode: code.optional() }).strict();
const accountStatus = z.enum(['pending', 'active', 'disabled']);

export const AccountCreated = defineEvent({
  source,
  detailType: 'AccountCreated',
  schemaVersion: '1.0',
  description: "A sign-in account was created (a staff account by an admin, or a deputy's pending account on import).",
  data: z.object({ username, role, scope, status: accountStatus, by: username }).strict(),
  sample: { username: 'lucheng.reviewer', role: 'township_reviewer', scope: { townshipCode: 'lucheng' }, status: 'active', by: 'admin' },
});

export const AccountChanged = defineEvent({
  source,
  detailType: 'AccountChanged',
  schemaVersion: '1.0',
  description:
    "An account's status, role, scope or password changed (who did it and what, never the password); `by` is the account itself for its own changes.",
  data: z
    .object({
      username,
      by: username,
      change: z.enum(['disabled', 'enabled', 'role_changed', 'scope_changed', 'password_reset', 'password_changed', 'activated', 'signed_out']),
      status: accountStatus,
      role,
      scope,
    })
    .strict(),
  sample: { username: 'D0001', by: 'admin', change: 'disabled', status: 'disabled', role: 'deputy', scope: { deputyCode: 'D0001' } },
});

export const AccountAccessRevoked = defineEvent({
  source,
  detailType: 'AccountAccessRevoked',
  schemaVersion: '1.0',
  description:
    'Access tokens of an account issued before `revokedBefore` no longer count (disabled, signed out, password or role changed); every service keeps this in its revocation view.',
  data: z.object({ username, revokedBefore: z.iso.datetime() }).strict(),
  sample: { username: 'D0001', revokedBefore: '2026-12-02T08:00:00.000Z' },
});

export const AccountWeChatBound = defineEvent({
  source,
  detailType: 'AccountWeChatBound',
  schemaVersion: '1.0',
  description: "An account bound its WeChat (the city's official account) from the console, so notifications may reach it there; never the openid.",
  data: z.object({ username }).strict(),
  sample: { username: 'D0001' },
});

export const AccountWeChatUnbound = defineEvent({
  source,
  detailType: 'AccountWeChatUnbound',
  schemaVersion: '1.0',
  description: 'An account removed its WeChat binding: nothing more reaches it on WeChat.',
  data: z.object({ username }).strict(),
  sample: { username: 'D0001' },
});

/** Every contract the identity service publishes. */
export const identityEvents = [
  TownshipRegistered,
  StationRegistered,
  UnitRegistered,
  DeputyRegistered,
  DeputyUpdated,
  DeputyTermEnded,
  AccountCreated,
  AccountChanged,
  AccountAccessRevoked,
  AccountWeChatBound,
  AccountWeChatUnbound,
] as const;
