import { fieldCipherFromEnv } from '../../../../shared/crypto/field-cipher.ts';
import type { CityConfig } from '../../../../shared/city/config.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { LocalSeed } from '../../../../shared/runtime/manifest.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { DynamoDirectory } from '../adapters/dynamo-directory.ts';
import { ScryptPasswordHasher } from '../adapters/scrypt-password-hasher.ts';
import { generateDemoDirectory } from './demo-directory.ts';
import type { CityDirectory } from '../domain/directory.ts';
import { seedCityTownships } from '../city-townships.ts';
import { seedDirectory } from '../use-cases/seed-directory.ts';

/** Password of every demo account. Local platform only: a deployed stack never seeds accounts. */
export const DEMO_PASSWORD = 'demo';

const SEED_MARKER = { pk: 'meta#demo-seed', sk: 'meta' };

export interface DemoSeedReport {
  seeded: boolean;
  directory: CityDirectory;
}

/**
 * Seeds the demo city's directory and accounts on the local platform's first start (later starts
 * find the marker and skip). Every entity goes through the outbox like any other change, so the
 * other services hear of each township, station, unit and deputy.
 */
export async function seedDemoCity(city: CityConfig): Promise<DemoSeedReport> {
  if (!city.demo) throw new Error(`city ${city.name} has no demo section to seed from`);
  const directory = generateDemoDirectory({ townships: city.townships, demo: city.demo });
  const deps = serviceDeps('identity');
  if (await deps.store.get(SEED_MARKER)) return { seeded: false, directory };
  const hasher = new ScryptPasswordHasher();
  const repository = new DynamoDirectory({
    client: deps.client,
    tableName: deps.tableName,
    store: deps.store,
    cipher: fieldCipherFromEnv('identity'),
  });
  await seedDirectory(repository, directory, () => hasher.hash(DEMO_PASSWORD, { cost: 'demo' }), { city: city.name, now: deps.now });
  try {
    await deps.store.create({ ...SEED_MARKER, seededAt: deps.now().toISOString() });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return { seeded: true, directory };
}

/**
 * The identity manifest's local seed: the demo city's directory and accounts, when the city's
 * config has a demo section; the banner then says what was seeded and how to sign in.
 */
export const seedLocalDemo: LocalSeed = async (city) => {
  if (!city.demo) {
    // A real city starts with the townships of its config; the rest of its directory is imported.
    const written = await seedCityTownships(city);
    return { banner: () => [`  townships: ${city.townships.length} from the city's config (${written} written now); import the rest of the directory`] };
  }
  const seed = await seedDemoCity(city);
  return { banner: (url) => demoBanner(seed, url) };
};

/** The start banner's lines about the demo: what is in it, the sign-ins and a citizen's page. */
export function demoBanner(seed: DemoSeedReport, url: string): string[] {
  const { directory } = seed;
  return [
    `  demo:     ${seed.seeded ? 'seeded now' : 'seeded earlier'}: ${directory.townships.length} townships, ${directory.stations.length} stations, ` +
      `${directory.rooms.length} online rooms, ${directory.deputies.length} deputies, ${directory.units.length} handling units`,
    `  sign in (POST ${url}/v1/auth/login), every password is "${DEMO_PASSWORD}":`,
    ...demoSignIns(directory),
    `  a citizen's page (what a station's QR code opens): ${url}/s/${directory.stations[0]?.code ?? ''}`,
  ];
}

/** The sign-ins to print: one per role, with the naming rule for the rest. */
export function demoSignIns(directory: CityDirectory): string[] {
  const first = <T>(items: T[], predicate: (item: T) => boolean) => items.find(predicate);
  const township = first(directory.accounts, (a) => a.role === 'township_reviewer');
  const handler = first(directory.accounts, (a) => a.role === 'unit_handler');
  const deputy = first(directory.accounts, (a) => a.role === 'deputy');
  const rows: [string, string | undefined, string][] = [
    ['admin', 'admin', '系统管理员'],
    ['city reviewer', 'city.reviewer', '市人大常委会'],
    ['township reviewer', township?.username, `${township?.name ?? ''} — or <townshipCode>.reviewer`],
    ['unit handler', handler?.username, `${handler?.name ?? ''} — or <unitCode>.handler`],
    ['deputy', deputy?.username, `${deputy?.name ?? ''} — or any deputy code D0001…D${String(directory.deputies.length).padStart(4, '0')}`],
  ];
  return rows.map(([role, username, note]) => `  ${role.padEnd(18)} ${String(username).padEnd(24)} ${note}`);
}
