import { generateDemoDirectory } from '../../services/identity/src/demo/demo-directory.ts';
import type { CityConfig } from '../../shared/city/config.ts';

const HEADER = 'code,name,level,constituency,townshipCode,stationCode,roomCode,gridCode,groupCode,category,professionalGroup,termStatus,phone';

/**
 * A deputies import file (README's columns) of one new deputy in office, placed like the demo
 * city's first one (its station, room, grid and group), for tests that import a deputy while the
 * platform runs.
 */
export function newDeputyFile(city: CityConfig, deputy: { code: string; name: string; phone: string }): string {
  const template = generateDemoDirectory({ townships: city.townships, demo: city.demo! }).deputies.find((d) => d.termStatus === 'active')!;
  const row: Record<string, unknown> = { ...template, ...deputy, professionalGroup: template.professionalGroup ?? '' };
  return [
    HEADER,
    HEADER.split(',')
      .map((column) => String(row[column] ?? ''))
      .join(','),
  ].join('\n');
}
