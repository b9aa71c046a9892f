import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { outboxStatus } from '../ops/outbox-status.ts';

/**
 * `npm run outbox:status -- [--city <name>]`: the events each service has not yet put on the bus
 * (items, events, the oldest's age). With `--city`, in the deployed city's tables (the credentials
 * and region of the environment); without, on the running local platform.
 */
const args = process.argv.slice(2);
const at = args.indexOf('--city');
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

if (at >= 0) {
  const city = args[at + 1];
  if (!city) throw new Error('--city needs the name of a city config (infra/cities/<name>.json)');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  print({ items: await outboxStatus(client, loadCityConfig(city).name, services, new Date()) });
} else {
  const base = process.env.MINQING_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const response = await fetch(`${base}/_local/outbox`);
  print(await response.json());
  process.exitCode = response.ok ? 0 : 1;
}
