import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../../shared/runtime/manifest.ts';
import { dynamoClients } from '../../shared/store/client.ts';
import { startDynalite } from '../../infra/local/local-dynamo.ts';

/**
 * W: raw PutItem/s against the local platform's DynamoDB setup (dynalite in its own worker thread,
 * in memory), 16 writes in flight, items of a message's size class. The yardstick that makes a
 * benchmark's throughput comparable across machines and moments.
 */
export async function rawPutItemsPerSecond(items = 5000): Promise<number> {
  const dynamo = await startDynalite(undefined);
  const previous = process.env[ENV.dynamoEndpoint];
  try {
    process.env[ENV.dynamoEndpoint] = dynamo.endpoint;
    const { raw, doc } = dynamoClients();
    await raw.send(
      new CreateTableCommand({
        TableName: 'bench-baseline',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const started = performance.now();
    for (let i = 0; i < items; i += 16) {
      await Promise.all(
        Array.from({ length: Math.min(16, items - i) }, (_, j) =>
          doc.send(new PutCommand({ TableName: 'bench-baseline', Item: { pk: `item-${i + j}`, content: '东门路灯不亮，西街一带居民反映。'.repeat(4) } })),
        ),
      );
    }
    return items / ((performance.now() - started) / 1000);
  } finally {
    if (previous === undefined) delete process.env[ENV.dynamoEndpoint];
    else process.env[ENV.dynamoEndpoint] = previous;
    await dynamo.stop();
  }
}
