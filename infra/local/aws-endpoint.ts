import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalEventBus, PutEventsEntry } from './local-bus.ts';
import { md5, type LocalQueue } from './local-queue.ts';

/** The outcome of invoking a local internal function, as Lambda's Invoke API would report it. */
export type LocalInvokeResult =
  | { kind: 'ok'; payload: unknown }
  | { kind: 'function-error'; errorType: string }
  | { kind: 'denied'; message: string }
  | { kind: 'not-found'; message: string };

/** Runs internal functions for the Invoke emulation (see platform.ts). */
export interface LocalFunctionInvoker {
  invoke(functionName: string, caller: string | undefined, payload: unknown): Promise<LocalInvokeResult>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** The queues a service may send to through the SQS emulation, by name. */
export type LocalQueueLookup = (name: string) => LocalQueue | undefined;

/** A billable call the endpoint answered: a PutEvents with its entries, or a SendMessageBatch with its payload. */
export type AwsEndpointCall = { kind: 'put-events'; entries: readonly PutEventsEntry[] } | { kind: 'send-message-batch'; queue: string; bytes: number };

/** A local queue's URL, shaped as SQS's (`<endpoint>/<account>/<name>`): the emulation reads the name back. */
export const localQueueUrl = (endpoint: string, name: string) => `${endpoint}/000000000000/${name}`;

/**
 * A loopback endpoint speaking three AWS protocols, so services use the same adapters locally as in
 * Lambda. It is not part of the public gateway.
 *
 * - EventBridge's JSON protocol (`X-Amz-Target: AWSEvents.PutEvents`): services publish through
 *   the real `@aws-sdk/client-eventbridge`.
 * - Lambda's Invoke API (`POST /2015-03-31/functions/<FunctionName>/invocations`) for internal
 *   functions. The caller names itself in `x-minqing-caller` and is checked against the callee's
 *   manifest: trust on loopback, standing in for the IAM grant that decides in AWS.
 * - SQS's JSON protocol (`X-Amz-Target: AmazonSQS.SendMessageBatch`) for the manifests' work queues.
 *
 * `onCall` hears of every accepted PutEvents and SendMessageBatch (what AWS bills for them).
 */
export async function startAwsEndpoint(
  bus: LocalEventBus,
  functions?: LocalFunctionInvoker,
  workQueues: LocalQueueLookup = () => undefined,
  onCall: (call: AwsEndpointCall) => void = () => undefined,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
        res.end(JSON.stringify(body));
      };
      const invoke = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
      if (invoke && req.method === 'POST') {
        void handleInvoke(functions, req, decodeURIComponent(invoke[1]!), Buffer.concat(chunks)).then(
          ({ status, body, headers }) => reply(status, body, headers),
          () => reply(500, { __type: 'ServiceException', message: 'The invocation failed.' }),
        );
        return;
      }
      const target = req.headers['x-amz-target'];
      if (target === 'AmazonSQS.SendMessageBatch') {
        const { status, body, sent } = sendMessageBatch(workQueues, Buffer.concat(chunks));
        if (sent) onCall({ kind: 'send-message-batch', ...sent });
        reply(status, body);
        return;
      }
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
      onCall({ kind: 'put-events', entries });
      reply(200, bus.putEvents(entries));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/**
 * One Invoke call, answered as Lambda does: 200 with the result; 200 with `X-Amz-Function-Error`
 * when the function threw; 403 AccessDeniedException for a caller without the grant; 404
 * ResourceNotFoundException for an unknown function (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 */
async function handleInvoke(
  functions: LocalFunctionInvoker | undefined,
  req: IncomingMessage,
  functionName: string,
  body: Buffer,
): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
  // The server listens on loopback only; this refuses anything that reached it otherwise.
  const remote = req.socket.remoteAddress ?? '';
  if (!(remote.startsWith('127.') || remote === '::1' || remote === '::ffff:127.0.0.1')) {
    return { status: 403, body: { __type: 'AccessDeniedException', message: 'Internal functions answer loopback callers only.' } };
  }
  if (!functions) return { status: 404, body: { __type: 'ResourceNotFoundException', message: `Function not found: ${functionName}` } };
  let payload: unknown;
  try {
    payload = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return { status: 400, body: { __type: 'InvalidRequestContentException', message: 'Could not parse request body into json.' } };
  }
  const caller = req.headers['x-minqing-caller'];
  const result = await functions.invoke(functionName, typeof caller === 'string' ? caller : undefined, payload);
  switch (result.kind) {
    case 'ok':
      return { status: 200, body: result.payload ?? null };
    case 'function-error':
      return { status: 200, body: { errorType: result.errorType, errorMessage: 'The function failed.' }, headers: { 'x-amz-function-error': 'Unhandled' } };
    case 'denied':
      return { status: 403, body: { __type: 'AccessDeniedException', message: result.message } };
    case 'not-found':
      return { status: 404, body: { __type: 'ResourceNotFoundException', message: result.message } };
  }
}

/**
 * SQS SendMessageBatch on a local work queue (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html):
 * every entry is on disk before the answer, with the MD5 the SDK checks.
 */
function sendMessageBatch(queues: LocalQueueLookup, body: Buffer): { status: number; body: unknown; sent?: { queue: string; bytes: number } } {
  let request: { QueueUrl?: string; Entries?: { Id: string; MessageBody: string }[] };
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { __type: 'com.amazonaws.sqs#InvalidRequest', message: 'Body is not JSON.' } };
  }
  const queue = queues(
    String(request.QueueUrl ?? '')
      .split('/')
      .pop() ?? '',
  );
  if (!queue) return { status: 400, body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' } };
  const entries = request.Entries ?? [];
  if (entries.length < 1 || entries.length > 10) {
    return { status: 400, body: { __type: 'com.amazonaws.sqs#TooManyEntriesInBatchRequest', message: 'Entries must hold 1 to 10 entries.' } };
  }
  const ids = queue.send(entries.map((e) => e.MessageBody));
  return {
    sent: { queue: queue.name, bytes: entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody), 0) },
    status: 200,
    body: { Successful: entries.map((e, i) => ({ Id: e.Id, MessageId: ids[i], MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] },
  };
}
