import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalEventBus, PutEventsEntry } from './local-bus.ts';

/**
 * A loopback endpoint speaking EventBridge's JSON protocol (`X-Amz-Target: AWSEvents.PutEvents`),
 * so services publish locally through the real `@aws-sdk/client-eventbridge` and the same adapter
 * that runs in Lambda. It is not part of the public gateway.
 */
export async function startAwsEndpoint(bus: LocalEventBus): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        reply(400, { __type: 'UnknownOperationException', message: `Unsupported operation ${String(target)}` });
        return;
      }
      let entries: PutEventsEntry[];
      try {
        entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] }).Entries ?? [];
      } catch {
        reply(400, { __type: 'SerializationException', message: 'Body is not JSON.' });
        return;
      }
      if (entries.length < 1 || entries.length > 10) {
        reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries.' });
        return;
      }
      reply(200, bus.putEvents(entries));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
