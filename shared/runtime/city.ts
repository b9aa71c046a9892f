import { cityConfigSchema, loadCityConfig, type CityConfig } from '../city/config.ts';
import { ENV } from './manifest.ts';

/**
 * Set at bundle time by the CDK stack (esbuild `define`): the city's config as JSON text, so a
 * deployed function needs no config file. Undefined on the local platform, which reads the file.
 */
declare const __MINQING_CITY_CONFIG__: string | undefined;

let cached: CityConfig | undefined;

/** The configuration of the city this function serves. */
export function currentCity(): CityConfig {
  if (cached) return cached;
  cached =
    typeof __MINQING_CITY_CONFIG__ === 'string' ? cityConfigSchema.parse(JSON.parse(__MINQING_CITY_CONFIG__)) : loadCityConfig(process.env[ENV.city] ?? 'demo');
  return cached;
}

/**
 * The local platform serves the config it was started with (a test's city pointing a channel at a
 * fake provider), as a deployed bundle carries its own; functions started after this read it.
 */
export function serveCity(config: CityConfig): void {
  cached = config;
}
