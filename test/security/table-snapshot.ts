import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { services } from '../../services/manifests.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { dynamoClients } from '../../shared/store/client.ts';

/** Every item of every service's table, by `table pk sk`, as JSON: what "stores nothing" is compared on. */
export async function snapshotTables(city = 'demo'): Promise<Map<string, string>> {
  const { doc } = dynamoClients();
  const items = new Map<string, string>();
  for (const service of services) {
    const table = resourceNames.table(city, service.name);
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) items.set(`${service.name} ${item.pk} ${item.sk}`, JSON.stringify(item));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return items;
}

/** The keys added, changed or removed between two snapshots. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key)).sort();
}
