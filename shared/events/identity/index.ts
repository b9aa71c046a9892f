import { z } from 'zod';
import { defineEvent } from '../envelope.ts';

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
  data: z.object({ townshipCode: code, name: z.string() }).strict(),
  sample: { townshipCode: 'lucheng', name: '鹿城镇' },
});

export const StationRegistered = defineEvent({
  source,
  detailType: 'StationRegistered',
  schemaVersion: '1.0',
  description: 'A liaison station (代表联络站) joined the directory.',
  data: z.object({ stationCode: code, name: z.string(), townshipCode: code }).strict(),
  sample: { stationCode: 'st-lucheng-01', name: '鹿城镇福塔社区代表联络站', townshipCode: 'lucheng' },
});

export const UnitRegistered = defineEvent({
  source,
  detailType: 'UnitRegistered',
  schemaVersion: '1.0',
  description: 'A handling unit (承办单位) — a city department or a township office — joined the directory.',
  data: z.object({ unitCode: code, name: z.string(), kind: z.enum(['city_department', 'township_office']), townshipCode: code.optional() }).strict(),
  sample: { unitCode: 'u-zhujian', name: '楚雄市住房和城乡建设局', kind: 'city_department' },
});

const deputyFacts = z
  .object({
    deputyCode: code,
    name: z.string(),
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

/** Every contract the identity service publishes. */
export const identityEvents = [TownshipRegistered, StationRegistered, UnitRegistered, DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
