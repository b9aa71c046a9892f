import type { LocalPlatform } from '../../../infra/local/platform.ts';
import { call, eventually } from '../../../test/support/platform.ts';
import type { ReceptionGroup } from '../src/domain/reception.ts';

/** Waits until participation's view of the directory (from identity's events) lists the group's reception day with all its deputies. */
export async function receptionDayListed(platform: LocalPlatform, group: ReceptionGroup): Promise<void> {
  await eventually(
    async () => {
      const days = await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`);
      const day = days.status === 200 ? days.body.days.find((d: { groupCode: string }) => d.groupCode === group.groupCode) : undefined;
      return day?.deputies.length === group.deputies.length ? true : undefined;
    },
    60_000,
    "participation's view of the directory",
  );
}
