import { SQSClient } from '@aws-sdk/client-sqs';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { cityDeadLetterQueues } from '../ops/city-queues.ts';
import { listDeadLetterQueues, redriveDeadLetterQueue } from '../ops/sqs-redrive.ts';

/**
 * `npm run queues:redrive -- [--city <name>] [<dlq-name>]`: moves a dead-letter queue's messages
 * back to where they failed (what the SQS console's "redrive" does); without a name, lists the
 * dead-letter queues with their depths. With `--city`, against the deployed city (SQS
 * `StartMessageMoveTask`, the credentials and region of the environment), listing each message's
 * failure reason; without, against the running local platform.
 */
const args = process.argv.slice(2);
const at = args.indexOf('--city');
const city = at >= 0 ? args[at + 1] : undefined;
const name = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

if (at >= 0) {
  if (!city) throw new Error('--city needs the name of a city config (infra/cities/<name>.json)');
  const queues = cityDeadLetterQueues(loadCityConfig(city).name, services);
  const sqs = new SQSClient({});
  if (!name) print({ items: await listDeadLetterQueues(sqs, queues) });
  else {
    const queue = queues.find((q) => q.name === name);
    if (!queue) throw new Error(`${name} is not a dead-letter queue of ${city}: ${queues.map((q) => q.name).join(', ')}`);
    print(await redriveDeadLetterQueue(sqs, queue));
  }
} else {
  const base = process.env.MINQING_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const response = name ? await fetch(`${base}/_local/queues/${encodeURIComponent(name)}/redrive`, { method: 'POST' }) : await fetch(`${base}/_local/queues`);
  print(await response.json());
  process.exitCode = response.ok ? 0 : 1;
}
