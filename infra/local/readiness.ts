import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resourceNames, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import { OUTBOX_PARTITIONS } from '../../shared/store/outbox.ts';
import { OUTBOX_INDEX } from '../../shared/store/table.ts';
import type { LocalRule } from './local-bus.ts';

/** The source of the directory's events: the identity service's. */
const DIRECTORY_SOURCE = 'minqing.identity';

/**
 * What still keeps the services' views of the directory behind identity's: every outbox that has
 * not published yet (`outbox <service>`) and every subscription queue carrying directory events
 * that is not empty (`queue <name>`), messages in flight included. An empty list means caught up.
 */
export async function directoryBacklog(
  city: string,
  services: readonly ServiceManifest[],
  rules: readonly LocalRule[],
  client: DynamoDBDocumentClient,
): Promise<string[]> {
  const outboxes = await Promise.all(
    services.map(async (service) => {
      const pending = await Promise.all(
        OUTBOX_PARTITIONS.map(async (partition) => {
          const { Items = [] } = await client.send(
            new QueryCommand({
              TableName: resourceNames.table(city, service.name),
              IndexName: OUTBOX_INDEX.name,
              KeyConditionExpression: '#shard = :partition',
              ExpressionAttributeNames: { '#shard': OUTBOX_INDEX.partitionKey },
              ExpressionAttributeValues: { ':partition': partition },
              Limit: 1,
            }),
          );
          return Items.length > 0;
        }),
      );
      return pending.includes(true) ? [`outbox ${service.name}`] : [];
    }),
  );
  const queues = rules
    .filter((rule) => [rule.pattern.source ?? []].flat().includes(DIRECTORY_SOURCE) && rule.queue.depth().total > 0)
    .map((rule) => `queue ${rule.queue.name}`);
  return [...outboxes.flat(), ...queues];
}
