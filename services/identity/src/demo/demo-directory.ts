/**
 * The demo directory (演示名录): a realistic, fully deterministic city directory modelled on Chuxiong
 * (楚雄市) — its townships, 代表联络站, 线上代表联络室 with their grids, 代表小组, deputies, 承办单位
 * and sign-in accounts. Pure: no clock and no randomness except a seeded PRNG, so the same input
 * always yields a deep-equal directory.
 */
import type {
  Account,
  CityDirectory,
  Deputy,
  DeputyGroup,
  DeputyLevel,
  HandlingUnit,
  OccupationalCategory,
  OnlineRoom,
  ProfessionalGroup,
  Station,
  TermStatus,
  Township,
} from '../domain/directory.ts';
import names from './names.json' with { type: 'json' };
import { createPrng, type Prng } from './prng.ts';

/** What the generator needs of a city config (`infra/cities/<name>.json`). */
export interface DemoCityInput {
  townships: { code: string; name: string }[];
  demo: { deputies: number; onlineRooms: number; stations: number };
}

/** Seed used when none is given (Chuxiong's administrative division code). */
export const DEFAULT_DEMO_SEED = 532301;

// ---------------------------------------------------------------------------------------------
// Shares, and the name lists (names.json: Chuxiong's places, common names, units)
// ---------------------------------------------------------------------------------------------

/** The city prefix of unit names and addresses: the demo city is Chuxiong. */
const CITY_NAME = names.cityName;

/** Share of city-level deputies (市级代表); the rest are township-level. */
const CITY_LEVEL_SHARE = 0.4;
/** Share of deputies in a 专业代表小组. */
const PROFESSIONAL_GROUP_SHARE = 0.25;
/** Deputies whose term has ended (定标退出); their archives are kept. */
const ENDED_TERMS = 3;
/** Roughly how many deputies form one 代表小组. */
const DEPUTIES_PER_GROUP = 12;
/** Grids (网格) per online room. */
const GRIDS_PER_ROOM = { min: 3, max: 6 } as const;
/** Share of women among generated names (about that of Chinese local congresses). */
const FEMALE_SHARE = 0.3;
/** Share of two-character names (surname + one character). */
const SHORT_NAME_SHARE = 0.3;

/** Occupational mix (职业类别构成) of the deputies; the shares add up to 1. */
const CATEGORY_SHARES = [
  ['official', 0.25],
  ['professional', 0.25],
  ['business', 0.15],
  ['farmer', 0.2],
  ['worker', 0.1],
  ['other', 0.05],
] as const satisfies readonly (readonly [OccupationalCategory, number])[];

/** Professional groups a deputy of a category plausibly joins. */
const PROFESSIONAL_GROUPS_BY_CATEGORY = {
  official: ['mediation', 'legal_aid'],
  professional: ['education', 'technical_services', 'legal_aid'],
  business: ['technical_services', 'mediation'],
  farmer: ['technical_services', 'mediation'],
  worker: ['technical_services', 'mediation'],
  other: ['mediation', 'education'],
} as const satisfies Record<OccupationalCategory, readonly ProfessionalGroup[]>;

/**
 * Per township of the demo city: its weight in stations (鹿城镇 is the urban core and largest), the
 * share of its stations in 社区 rather than 村, and local place names used before the shared pools.
 */
interface TownshipProfile {
  stationWeight: number;
  communityShare: number;
  communities?: readonly string[];
  villages?: readonly string[];
}

const TOWNSHIP_PROFILES: Readonly<Record<string, TownshipProfile>> = names.townships;

/** Profile of a township the demo profiles do not know (another city's config). */
const DEFAULT_PROFILE: TownshipProfile = { stationWeight: 8, communityShare: 0 };

/** Community (社区) names of a Yunnan county town. */
const COMMUNITY_NAMES = names.communities;

/** Village (村) names of the Chuxiong hills: Han and Yi place names. */
const VILLAGE_NAMES = names.villages;

/** Where a station sits in a 社区, after the community's name. */
const COMMUNITY_VENUES = names.communityVenues;
/** Where a station sits in a 村, after the village's name. */
const VILLAGE_VENUES = names.villageVenues;

/** Common Han surnames, most frequent first. */
const COMMON_SURNAMES = names.commonSurnames;
/** Surnames frequent in the Yi region of Chuxiong. */
const YI_REGION_SURNAMES = names.yiRegionSurnames;
/** Share of names drawn from the Yi-region surnames. */
const YI_SURNAME_SHARE = 0.2;

const MALE_GIVEN_CHARS = names.maleGivenChars;
const FEMALE_GIVEN_CHARS = names.femaleGivenChars;

/** Mobile prefixes of the three carriers. */
const PHONE_PREFIXES = names.phonePrefixes;

/** 市级部门 that handle escalated matters. */
const CITY_DEPARTMENTS = names.cityDepartments;

/** 乡镇站所 every township has; the unit's name is the township's name + the suffix. */
const TOWNSHIP_OFFICES = names.townshipOffices;

const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/**
 * Generates the demo directory of a city: exactly `demo.stations` stations spread over all townships
 * (larger towns get more), `demo.onlineRooms` rooms of 3–6 grids, one or more deputy groups per
 * township, `demo.deputies` deputies (`D0001`…) each placed in a township, a station and group of
 * that township, a room and a grid, every station with at least one active deputy; the city
 * departments and two offices per township; and the sign-in accounts (`admin`, `city.reviewer`,
 * `<townshipCode>.reviewer`, `<unitCode>.handler`, each deputy's code).
 *
 * Deterministic: the same input and seed give a deep-equal directory.
 *
 * @throws RangeError when the sizes cannot be met (fewer stations than townships, fewer deputies
 *   than stations or rooms, more than 9999 deputies, too many stations for the name lists).
 */
export function generateDemoDirectory(city: DemoCityInput, seed: number = DEFAULT_DEMO_SEED): CityDirectory {
  checkSizes(city);
  const rng = createPrng(seed);
  const townships: Township[] = city.townships.map(({ code, name }) => ({ code, name }));

  const stationsByTownship = buildStations(townships, city.demo.stations, rng);
  const deputyCounts = apportion(
    city.demo.deputies,
    stationsByTownship.map((stations) => stations.length),
    stationsByTownship.map((stations) => stations.length),
  );
  const groupsByTownship = townships.map((township, t) => buildGroups(township, groupCount(deputyCounts[t] ?? 0, stationsByTownship[t]?.length ?? 0)));
  const seats = placeDeputies(townships, stationsByTownship, groupsByTownship, deputyCounts);
  const rooms = buildRooms(seats.length, city.demo.onlineRooms, rng);
  const deputies = buildDeputies(seats, rooms, rng);
  const units = buildUnits(townships);

  return {
    townships,
    stations: stationsByTownship.flat(),
    rooms: rooms.map(({ room }) => room),
    groups: groupsByTownship.flat(),
    deputies,
    units,
    accounts: buildAccounts(townships, units, deputies),
  };
}

function checkSizes({ townships, demo }: DemoCityInput): void {
  if (townships.length === 0) throw new RangeError('the city has no townships');
  if (demo.stations < townships.length) throw new RangeError(`${demo.stations} stations cannot cover ${townships.length} townships`);
  if (demo.deputies < demo.stations) throw new RangeError(`${demo.deputies} deputies cannot staff ${demo.stations} stations`);
  if (demo.deputies < demo.onlineRooms || demo.onlineRooms < 1) throw new RangeError(`${demo.deputies} deputies cannot fill ${demo.onlineRooms} rooms`);
  if (demo.deputies > 9999) throw new RangeError('deputy codes D0001…D9999 allow at most 9999 deputies');
}

// --- stations ---------------------------------------------------------------------------------

/** The stations of each township, in the townships' order; codes `st-<township>-NN`. */
function buildStations(townships: readonly Township[], total: number, rng: Prng): Station[][] {
  const counts = apportion(
    total,
    townships.map((t) => profileOf(t.code).stationWeight),
    townships.map(() => 1),
  );
  return townships.map((township, t) =>
    stationPlaces(township, counts[t] ?? 0, rng).map((place, i) => ({
      code: `st-${township.code}-${String(i + 1).padStart(2, '0')}`,
      name: `${township.name}${place.name}${place.kind}代表联络站`,
      townshipCode: township.code,
      address: `${CITY_NAME}${township.name}${place.name}${rng.pick(place.kind === '社区' ? COMMUNITY_VENUES : VILLAGE_VENUES)}`,
    })),
  );
}

interface Place {
  name: string;
  kind: '社区' | '村';
}

/**
 * The places (社区 or 村) that host a township's stations: the township seat first (镇 seats are
 * 社区, 乡 seats are 村), then local names, then names from the shared lists; all distinct.
 */
function stationPlaces(township: Township, count: number, rng: Prng): Place[] {
  const profile = profileOf(township.code);
  const stem = township.name.replace(/(镇|乡|街道)$/, '') || township.name;
  const seat: Place = { name: stem, kind: township.name.endsWith('乡') ? '村' : '社区' };
  const communityCount = Math.max(seat.kind === '社区' ? 1 : 0, Math.round(count * profile.communityShare));
  const used = new Set([stem]);
  const take = (preferred: readonly string[], pool: readonly string[], n: number, kind: Place['kind']): Place[] => {
    const names = distinct([...preferred, ...rng.shuffle(pool)])
      .filter((name) => !used.has(name))
      .slice(0, n);
    if (names.length < n) throw new RangeError(`not enough ${kind} names for ${count} stations in ${township.name}`);
    for (const name of names) used.add(name);
    return names.map((name) => ({ name, kind }));
  };
  const rest = count - 1;
  const communities = take(profile.communities ?? [], COMMUNITY_NAMES, Math.min(rest, Math.max(0, communityCount - (seat.kind === '社区' ? 1 : 0))), '社区');
  const villages = take(profile.villages ?? [], VILLAGE_NAMES, rest - communities.length, '村');
  return [seat, ...communities, ...villages];
}

function profileOf(townshipCode: string): TownshipProfile {
  return TOWNSHIP_PROFILES[townshipCode] ?? DEFAULT_PROFILE;
}

// --- groups -----------------------------------------------------------------------------------

/** About one group per {@link DEPUTIES_PER_GROUP} deputies, at least one, at most one per station. */
function groupCount(deputies: number, stations: number): number {
  return Math.max(1, Math.min(stations, Math.ceil(deputies / DEPUTIES_PER_GROUP)));
}

/** A township's 代表小组, codes `grp-<township>-N`. */
function buildGroups(township: Township, count: number): DeputyGroup[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `grp-${township.code}-${i + 1}`,
    name: `${township.name}第${chineseNumeral(i + 1)}代表小组`,
    townshipCode: township.code,
  }));
}

// --- deputies ---------------------------------------------------------------------------------

/** Where a deputy sits before the personal details are drawn. */
interface Seat {
  township: Township;
  station: Station;
  group: DeputyGroup;
  /** 1-based number of the station within its township, used as the constituency's number. */
  constituency: number;
  /** False for the first deputy of each station: that one must stay active. */
  mayEnd: boolean;
}

/**
 * Seats the deputies township by township: the first deputies of a township take one station each
 * (so every station is staffed), the others go round again; a station's deputies share its group.
 */
function placeDeputies(
  townships: readonly Township[],
  stationsByTownship: readonly Station[][],
  groupsByTownship: readonly DeputyGroup[][],
  deputyCounts: readonly number[],
): Seat[] {
  return townships.flatMap((township, t) => {
    const stations = stationsByTownship[t] ?? [];
    const groups = groupsByTownship[t] ?? [];
    return Array.from({ length: deputyCounts[t] ?? 0 }, (_, i): Seat => {
      const s = i % stations.length;
      return {
        township,
        station: stations[s] as Station,
        group: groups[Math.floor((s * groups.length) / stations.length)] as DeputyGroup,
        constituency: s + 1,
        mayEnd: i >= stations.length,
      };
    });
  });
}

/** Turns seats into deputies: codes, names, phones, room and grid, level, category, groups, status. */
function buildDeputies(seats: readonly Seat[], rooms: readonly RoomPlan[], rng: Prng): Deputy[] {
  const count = seats.length;
  const cityLevel = new Set(rng.shuffle(indices(count)).slice(0, Math.round(count * CITY_LEVEL_SHARE)));
  const categories = rng.shuffle(categoryPool(count));
  const inProfessionalGroup = new Set(rng.shuffle(indices(count)).slice(0, Math.round(count * PROFESSIONAL_GROUP_SHARE)));
  const endable = indices(count).filter((i) => seats[i]?.mayEnd);
  const ended = new Set(rng.shuffle(endable).slice(0, ENDED_TERMS));
  const names = new Set<string>();
  const phones = new Set<string>();

  return seats.map((seat, i): Deputy => {
    const { roomCode, gridCode } = gridOf(rooms, i);
    const category = categories[i] as OccupationalCategory;
    const level: DeputyLevel = cityLevel.has(i) ? 'city' : 'township';
    const termStatus: TermStatus = ended.has(i) ? 'ended' : 'active';
    const deputy: Deputy = {
      code: `D${String(i + 1).padStart(4, '0')}`,
      name: uniqueName(rng, names),
      level,
      constituency: `${seat.township.name}第${seat.constituency}选区`,
      townshipCode: seat.township.code,
      stationCode: seat.station.code,
      roomCode,
      gridCode,
      groupCode: seat.group.code,
      category,
      termStatus,
      phone: uniquePhone(rng, phones),
    };
    if (inProfessionalGroup.has(i)) deputy.professionalGroup = rng.pick(PROFESSIONAL_GROUPS_BY_CATEGORY[category]);
    return deputy;
  });
}

/** Exactly `count` categories in the shares of {@link CATEGORY_SHARES}, unshuffled. */
function categoryPool(count: number): OccupationalCategory[] {
  const counts = apportion(
    count,
    CATEGORY_SHARES.map(([, share]) => share),
    CATEGORY_SHARES.map(() => 0),
  );
  return CATEGORY_SHARES.flatMap(([category], c) => Array.from({ length: counts[c] ?? 0 }, () => category));
}

/** A 2–3 character Chinese name not yet in `used` (which it joins). */
function uniqueName(rng: Prng, used: Set<string>): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const surname = rng.next() < YI_SURNAME_SHARE ? rng.pick(YI_REGION_SURNAMES) : rng.pick(COMMON_SURNAMES);
    const chars = rng.next() < FEMALE_SHARE ? FEMALE_GIVEN_CHARS : MALE_GIVEN_CHARS;
    const first = rng.pick(chars);
    const given = rng.next() < SHORT_NAME_SHARE ? first : first + rng.pick(chars.filter((c) => c !== first));
    const name = surname + given;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new RangeError('ran out of distinct deputy names');
}

/** An 11-digit mobile number not yet in `used` (which it joins). */
function uniquePhone(rng: Prng, used: Set<string>): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const phone = rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
  throw new RangeError('ran out of distinct phone numbers');
}

// --- rooms and grids --------------------------------------------------------------------------

/** A room with the contiguous range of deputies (by index) it holds. */
interface RoomPlan {
  room: OnlineRoom;
  first: number;
  size: number;
}

/**
 * Splits the deputies, in township order, into `roomCount` contiguous blocks (so a room covers
 * neighbouring places) and each room into 3–6 grids (never more grids than deputies).
 */
function buildRooms(deputies: number, roomCount: number, rng: Prng): RoomPlan[] {
  return Array.from({ length: roomCount }, (_, r): RoomPlan => {
    const first = Math.floor((r * deputies) / roomCount);
    const size = Math.floor(((r + 1) * deputies) / roomCount) - first;
    const code = `room-${String(r + 1).padStart(2, '0')}`;
    const grids = Math.min(size, rng.int(GRIDS_PER_ROOM.min, GRIDS_PER_ROOM.max));
    return {
      first,
      size,
      room: {
        code,
        name: `第${chineseNumeral(r + 1)}线上代表联络室`,
        grids: Array.from({ length: grids }, (_, g) => ({ code: `${code}-g${g + 1}`, name: `第${chineseNumeral(g + 1)}网格` })),
      },
    };
  });
}

/** The room and grid of the deputy at `index`: grids split their room's block evenly. */
function gridOf(rooms: readonly RoomPlan[], index: number): { roomCode: string; gridCode: string } {
  const plan = rooms.find(({ first, size }) => index >= first && index < first + size);
  if (!plan) throw new RangeError(`deputy ${index} is in no room`);
  const grid = plan.room.grids[Math.floor(((index - plan.first) * plan.room.grids.length) / plan.size)];
  if (!grid) throw new RangeError(`deputy ${index} is in no grid`);
  return { roomCode: plan.room.code, gridCode: grid.code };
}

// --- units and accounts -----------------------------------------------------------------------

/** The city departments (`u-<slug>`) and each township's offices (`u-<township>-<slug>`). */
function buildUnits(townships: readonly Township[]): HandlingUnit[] {
  const departments = CITY_DEPARTMENTS.map(({ slug, name }): HandlingUnit => ({ code: `u-${slug}`, name, kind: 'city_department' }));
  const offices = townships.flatMap((township) =>
    TOWNSHIP_OFFICES.map(
      ({ slug, suffix }): HandlingUnit => ({
        code: `u-${township.code}-${slug}`,
        name: `${township.name}${suffix}`,
        kind: 'township_office',
        townshipCode: township.code,
      }),
    ),
  );
  return [...departments, ...offices];
}

/** The sign-ins: `admin`, `city.reviewer`, `<townshipCode>.reviewer`, `<unitCode>.handler`, deputies' codes. */
function buildAccounts(townships: readonly Township[], units: readonly HandlingUnit[], deputies: readonly Deputy[]): Account[] {
  return [
    { username: 'admin', name: '系统管理员', role: 'admin', scope: {} },
    { username: 'city.reviewer', name: '市人大常委会代表工委', role: 'city_reviewer', scope: {} },
    ...townships.map(
      (t): Account => ({ username: `${t.code}.reviewer`, name: `${t.name}人大主席团`, role: 'township_reviewer', scope: { townshipCode: t.code } }),
    ),
    ...units.map((u): Account => ({ username: `${u.code}.handler`, name: `${u.name}经办人`, role: 'unit_handler', scope: { unitCode: u.code } })),
    ...deputies.map((d): Account => ({ username: d.code, name: d.name, role: 'deputy', scope: { deputyCode: d.code } })),
  ];
}

// --- helpers ----------------------------------------------------------------------------------

/**
 * Splits `total` into integer parts proportional to `weights`, each at least its minimum
 * (largest-remainder method; ties go to the earlier item). The parts add up to `total`.
 */
function apportion(total: number, weights: readonly number[], minimums: readonly number[]): number[] {
  const base = minimums.reduce((sum, m) => sum + m, 0);
  const spare = total - base;
  if (spare < 0) throw new RangeError(`${total} cannot cover the minimums ${base}`);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (weightSum > 0 ? (spare * w) / weightSum : spare / weights.length));
  const parts = exact.map((x, i) => (minimums[i] ?? 0) + Math.floor(x));
  const left = total - parts.reduce((sum, p) => sum + p, 0);
  const byRemainder = indices(exact.length).sort((a, b) => frac(exact[b] ?? 0) - frac(exact[a] ?? 0) || a - b);
  for (const i of byRemainder.slice(0, left)) parts[i] = (parts[i] ?? 0) + 1;
  return parts;
}

function frac(x: number): number {
  return x - Math.floor(x);
}

function indices(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function distinct(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** 1 → 一, 10 → 十, 16 → 十六, 23 → 二十三 (1–99). */
function chineseNumeral(n: number): string {
  if (n < 1 || n > 99 || !Number.isInteger(n)) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return CHINESE_DIGITS[ones] ?? '';
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${CHINESE_DIGITS[ones]}`;
}
