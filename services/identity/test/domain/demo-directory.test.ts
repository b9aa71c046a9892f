import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { generateDemoDirectory, type DemoCityInput } from '../../src/demo/demo-directory.ts';
import type { CityDirectory } from '../../src/domain/directory.ts';

/** The demo directory: Chuxiong's real figures, deterministic, every reference resolvable. */

function demoCity(): DemoCityInput {
  const config = loadCityConfig('demo');
  if (!config.demo) throw new Error('infra/cities/demo.json has no demo sizes');
  return { townships: config.townships, demo: config.demo };
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, i) => values.indexOf(value) !== i);
}

describe('generateDemoDirectory', () => {
  const city = demoCity();
  const directory: CityDirectory = generateDemoDirectory(city);

  it('has exactly the configured numbers of townships, stations, rooms and deputies', () => {
    // Assess
    expect(directory.townships).toEqual(city.townships);
    expect(directory.townships).toHaveLength(15);
    expect(directory.stations).toHaveLength(175);
    expect(directory.rooms).toHaveLength(16);
    expect(directory.deputies).toHaveLength(258);
    expect(directory.deputies.map((d) => d.code)).toEqual(Array.from({ length: 258 }, (_, i) => `D${String(i + 1).padStart(4, '0')}`));
    expect(directory.rooms.map((r) => r.code)).toEqual(Array.from({ length: 16 }, (_, i) => `room-${String(i + 1).padStart(2, '0')}`));
  });

  it('is deterministic: the same seed gives a deep-equal directory, another seed a different one', () => {
    // Act
    const again = generateDemoDirectory(demoCity());
    const sameSeed = generateDemoDirectory(city, 7);
    const sameSeedAgain = generateDemoDirectory(city, 7);

    // Assess
    expect(again).toEqual(directory);
    expect(sameSeedAgain).toEqual(sameSeed);
    expect(sameSeed).not.toEqual(directory);
    expect(sameSeed.deputies.map((d) => d.name)).not.toEqual(directory.deputies.map((d) => d.name));
  });

  it('spreads stations over every township, larger towns getting more', () => {
    // Prepare
    const perTownship = new Map(directory.townships.map((t) => [t.code, directory.stations.filter((s) => s.townshipCode === t.code).length]));

    // Assess
    for (const count of perTownship.values()) expect(count).toBeGreaterThan(0);
    expect(Math.max(...perTownship.values())).toBe(perTownship.get('lucheng'));
    expect(perTownship.get('lucheng')).toBeGreaterThan(perTownship.get('dadiji') ?? 0);
    expect(directory.stations.find((s) => s.code === 'st-lucheng-01')).toBeDefined();
    for (const station of directory.stations) {
      const township = directory.townships.find((t) => t.code === station.townshipCode);
      expect(station.name).toMatch(new RegExp(`^${township?.name}.+(社区|村)代表联络站$`));
      expect(station.address).toMatch(new RegExp(`^楚雄市${township?.name}.+`));
    }
  });

  it('resolves every reference of a deputy, station, group and township office', () => {
    // Prepare
    const townships = new Set(directory.townships.map((t) => t.code));
    const stations = new Map(directory.stations.map((s) => [s.code, s]));
    const groups = new Map(directory.groups.map((g) => [g.code, g]));
    const rooms = new Map(directory.rooms.map((r) => [r.code, r]));

    // Assess
    for (const deputy of directory.deputies) {
      expect(townships.has(deputy.townshipCode), deputy.code).toBe(true);
      expect(stations.get(deputy.stationCode)?.townshipCode, deputy.code).toBe(deputy.townshipCode);
      expect(groups.get(deputy.groupCode)?.townshipCode, deputy.code).toBe(deputy.townshipCode);
      expect(
        rooms.get(deputy.roomCode)?.grids.map((g) => g.code),
        deputy.code,
      ).toContain(deputy.gridCode);
      const township = directory.townships.find((t) => t.code === deputy.townshipCode);
      expect(deputy.constituency).toMatch(new RegExp(`^${township?.name}第\\d+选区$`));
    }
    for (const station of directory.stations) expect(townships.has(station.townshipCode)).toBe(true);
    for (const group of directory.groups) expect(townships.has(group.townshipCode)).toBe(true);
    for (const unit of directory.units) {
      if (unit.kind === 'township_office') expect(townships.has(unit.townshipCode ?? ''), unit.code).toBe(true);
      else expect(unit.townshipCode).toBeUndefined();
    }
  });

  it('gives every township a group and two offices, and has about 14 city departments', () => {
    // Assess
    for (const township of directory.townships) {
      expect(directory.groups.filter((g) => g.townshipCode === township.code).length).toBeGreaterThanOrEqual(1);
      expect(directory.groups.some((g) => g.code === `grp-${township.code}-1`)).toBe(true);
      expect(directory.units.filter((u) => u.townshipCode === township.code && u.kind === 'township_office')).toHaveLength(2);
    }
    const departments = directory.units.filter((u) => u.kind === 'city_department');
    expect(departments.length).toBeGreaterThanOrEqual(12);
    expect(departments.length).toBeLessThanOrEqual(16);
    expect(departments.map((u) => u.code)).toContain('u-zhujian');
  });

  it('uses every room, gives each 3–6 grids and puts deputies in every grid', () => {
    // Prepare
    const usedGrids = new Set(directory.deputies.map((d) => d.gridCode));

    // Assess
    for (const room of directory.rooms) {
      expect(room.grids.length).toBeGreaterThanOrEqual(3);
      expect(room.grids.length).toBeLessThanOrEqual(6);
      expect(room.grids.map((g) => g.code)).toEqual(room.grids.map((_, i) => `${room.code}-g${i + 1}`));
      expect(directory.deputies.some((d) => d.roomCode === room.code)).toBe(true);
      for (const grid of room.grids) expect(usedGrids.has(grid.code), grid.code).toBe(true);
    }
  });

  it('keeps codes, usernames, deputy names and phones unique', () => {
    // Prepare
    const codes = [
      ...directory.townships.map((t) => t.code),
      ...directory.stations.map((s) => s.code),
      ...directory.rooms.map((r) => r.code),
      ...directory.rooms.flatMap((r) => r.grids.map((g) => g.code)),
      ...directory.groups.map((g) => g.code),
      ...directory.deputies.map((d) => d.code),
      ...directory.units.map((u) => u.code),
    ];

    // Assess
    expect(duplicates(codes)).toEqual([]);
    expect(duplicates(directory.accounts.map((a) => a.username))).toEqual([]);
    expect(duplicates(directory.deputies.map((d) => d.name))).toEqual([]);
    expect(duplicates(directory.deputies.map((d) => d.phone))).toEqual([]);
    expect(duplicates(directory.stations.map((s) => s.name))).toEqual([]);
  });

  it('shapes codes, names and phones as the platform expects', () => {
    // Assess
    const lowerCodes = [
      ...directory.townships.map((t) => t.code),
      ...directory.stations.map((s) => s.code),
      ...directory.rooms.map((r) => r.code),
      ...directory.rooms.flatMap((r) => r.grids.map((g) => g.code)),
      ...directory.groups.map((g) => g.code),
      ...directory.units.map((u) => u.code),
    ];
    for (const code of lowerCodes) expect(code).toMatch(/^[a-z0-9-]+$/);
    for (const deputy of directory.deputies) {
      expect(deputy.code).toMatch(/^D\d{4}$/);
      expect(deputy.phone).toMatch(/^1\d{10}$/);
      expect(deputy.name).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
  });

  it('staffs every station with at least one active deputy and ends exactly 3 terms', () => {
    // Prepare
    const active = directory.deputies.filter((d) => d.termStatus === 'active');

    // Assess
    for (const station of directory.stations)
      expect(
        active.some((d) => d.stationCode === station.code),
        station.code,
      ).toBe(true);
    expect(directory.deputies.filter((d) => d.termStatus === 'ended')).toHaveLength(3);
    expect(active).toHaveLength(255);
  });

  it('mixes levels, occupations and professional groups in the stated shares', () => {
    // Prepare
    const total = directory.deputies.length;
    const share = (predicate: (d: CityDirectory['deputies'][number]) => boolean) => directory.deputies.filter(predicate).length / total;

    // Assess
    expect(share((d) => d.level === 'city')).toBeGreaterThanOrEqual(0.35);
    expect(share((d) => d.level === 'city')).toBeLessThanOrEqual(0.45);
    expect(share((d) => d.level === 'city') + share((d) => d.level === 'township')).toBe(1);
    expect(share((d) => d.category === 'official')).toBeCloseTo(0.25, 1);
    expect(share((d) => d.category === 'professional')).toBeCloseTo(0.25, 1);
    expect(share((d) => d.category === 'business')).toBeCloseTo(0.15, 1);
    expect(share((d) => d.category === 'farmer')).toBeCloseTo(0.2, 1);
    expect(share((d) => d.category === 'worker')).toBeCloseTo(0.1, 1);
    expect(share((d) => d.category === 'other')).toBeGreaterThan(0);
    expect(share((d) => d.professionalGroup !== undefined)).toBeGreaterThanOrEqual(0.2);
    expect(share((d) => d.professionalGroup !== undefined)).toBeLessThanOrEqual(0.3);
  });

  it('has exactly the accounts of the contract', () => {
    // Prepare
    const expected = [
      { username: 'admin', name: '系统管理员', role: 'admin', scope: {} },
      { username: 'city.reviewer', name: '市人大常委会代表工委', role: 'city_reviewer', scope: {} },
      ...directory.townships.map((t) => ({
        username: `${t.code}.reviewer`,
        name: `${t.name}人大主席团`,
        role: 'township_reviewer',
        scope: { townshipCode: t.code },
      })),
      ...directory.units.map((u) => ({ username: `${u.code}.handler`, name: `${u.name}经办人`, role: 'unit_handler', scope: { unitCode: u.code } })),
      ...directory.deputies.map((d) => ({ username: d.code, name: d.name, role: 'deputy', scope: { deputyCode: d.code } })),
    ];

    // Assess
    expect(directory.accounts).toEqual(expected);
    expect(directory.accounts.filter((a) => a.role === 'township_reviewer')).toHaveLength(15);
    expect(directory.accounts.filter((a) => a.role === 'unit_handler')).toHaveLength(directory.units.length);
    expect(directory.accounts.filter((a) => a.role === 'deputy')).toHaveLength(258);
  });

  it('refuses sizes it cannot meet', () => {
    // Prepare
    const tooFewStations = { ...city, demo: { ...city.demo, stations: 3 } };
    const tooFewDeputies = { ...city, demo: { ...city.demo, deputies: 100 } };

    // Act / Assess
    expect(() => generateDemoDirectory(tooFewStations)).toThrow(RangeError);
    expect(() => generateDemoDirectory(tooFewDeputies)).toThrow(RangeError);
  });
});
