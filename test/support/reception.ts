import type { CityConfig } from '../../shared/city/config.ts';
import { generateDemoDirectory } from '../../services/identity/src/demo/demo-directory.ts';
import { receptionGroups, type ReceptionGroup } from '../../services/participation/src/domain/reception.ts';
import { call, eventually, type LocalPlatform } from './platform.ts';

/** The demo city's first deputy group with a reception day (代表固定接待日), as participation will know it. */
export function firstReceptionGroup(city: CityConfig): ReceptionGroup {
  const deputies = generateDemoDirectory({ townships: city.townships, demo: city.demo! }).deputies.map((d) => ({ ...d, active: d.termStatus === 'active' }));
  return receptionGroups(deputies)[0]!;
}

/** Waits until participation's view of the directory lists every deputy of the group on its reception days. */
export async function receptionGroupKnown(platform: LocalPlatform, group: ReceptionGroup): Promise<void> {
  await eventually(
    async () => {
      const days = await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`);
      const day = days.body?.days?.find((d: { groupCode: string }) => d.groupCode === group.groupCode);
      return day?.deputies.length === group.deputies.length ? true : undefined;
    },
    60_000,
    "participation's view of the directory",
  );
}
