/**
 * `npm run queues:redrive -- <dlq-name>`: asks the running local platform to move a dead-letter
 * queue's messages back to their source queue (what the SQS console's "redrive" does). Without a
 * name it lists the queues and their depths.
 */
const base = process.env.MINQING_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const name = process.argv[2];
const response = name ? await fetch(`${base}/_local/queues/${encodeURIComponent(name)}/redrive`, { method: 'POST' }) : await fetch(`${base}/_local/queues`);
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`);
process.exitCode = response.ok ? 0 : 1;
