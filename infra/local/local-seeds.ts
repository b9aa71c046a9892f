import { pathToFileURL } from 'node:url';
import type { CityConfig } from '../../shared/city/config.ts';
import type { LocalSeed, LocalSeedResult, ServiceManifest } from '../../shared/runtime/manifest.ts';

/**
 * Runs the local seeds the manifests declare, one service after another, and gathers what they
 * report for the banner. Call it once the tables exist and the environment is wired.
 */
export async function runLocalSeeds(city: CityConfig, services: readonly ServiceManifest[]): Promise<LocalSeedResult[]> {
  const results: LocalSeedResult[] = [];
  for (const service of services) {
    if (!service.localSeed) continue;
    const module = (await import(pathToFileURL(service.localSeed.file).href)) as Record<string, unknown>;
    const seed = module[service.localSeed.exportName];
    if (typeof seed !== 'function') throw new Error(`${service.name}: ${service.localSeed.file} exports no ${service.localSeed.exportName}`);
    const result = await (seed as LocalSeed)(city);
    if (result) results.push(result);
  }
  return results;
}
