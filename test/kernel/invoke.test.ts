import { describe, expect, it } from 'vitest';
import { CALLER_HEADER, InternalFunctionError, InternalFunctionUnavailableError, internalInvoker } from '../../shared/runtime/invoke.ts';
import { internalFunctionEnvVar } from '../../shared/runtime/manifest.ts';
import { TransientError } from '../../shared/runtime/errors.ts';

const AT = new Date('2015-08-30T12:36:00Z');

/** A fetch that records its calls and answers as told. */
function fakeFetch(answer: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => (calls.push({ url, init }), answer())) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('invoking an internal function', () => {
  const variable = internalFunctionEnvVar('messaging', 'citizen-contact');

  it('names the variable MINQING_FUNCTION_<SERVICE>_<NAME>', () => {
    expect(variable).toBe('MINQING_FUNCTION_MESSAGING_CITIZEN_CONTACT');
    expect(internalFunctionEnvVar('case-routing', 'unit-contact')).toBe('MINQING_FUNCTION_CASE_ROUTING_UNIT_CONTACT');
  });

  it("locally posts to the platform's Invoke emulation, naming the caller", async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => new Response('{"phone":"13912345678"}', { status: 200 }));
    const invoke = internalInvoker('notifications', {
      env: { [variable]: 'messaging-internal-citizen-contact', MINQING_INVOKE_ENDPOINT: 'http://127.0.0.1:9' },
      fetch,
    });

    // Act
    const answer = await invoke<{ phone?: string }>('messaging', 'citizen-contact', { messageId: 'm-abc12345' });

    // Assess
    expect(answer).toEqual({ phone: '13912345678' });
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/2015-03-31/functions/messaging-internal-citizen-contact/invocations');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"messageId":"m-abc12345"}' });
    expect((calls[0]!.init.headers as Record<string, string>)[CALLER_HEADER]).toBe('notifications');
  });

  it("in AWS calls Lambda Invoke in the region (China regions under amazonaws.com.cn), signed with the role's session", async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}', { status: 200 }));
    const env = {
      [variable]: 'minqing-demo-messaging-contacts-citizen-contact',
      AWS_REGION: 'cn-northwest-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
    };
    await internalInvoker('notifications', { env, fetch, now: () => AT })('messaging', 'citizen-contact', { messageId: 'm-abc12345' });
    expect(calls[0]!.url).toBe(
      'https://lambda.cn-northwest-1.amazonaws.com.cn/2015-03-31/functions/minqing-demo-messaging-contacts-citizen-contact/invocations',
    );
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20150830\/cn-northwest-1\/lambda\/aws4_request, SignedHeaders=[a-z0-9;-]*;host;[a-z0-9;-]*x-amz-security-token[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers.host).toBeUndefined(); // signed, but set by fetch itself
    expect(headers['x-amz-security-token']).toBe('session');
    expect(headers[CALLER_HEADER]).toBeUndefined();
  });

  it('gives up on a callee that does not answer in time, as a transient failure', async () => {
    const hanging = (async (_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const env = { [variable]: 'fn', MINQING_INVOKE_ENDPOINT: 'http://127.0.0.1:9' };
    await expect(internalInvoker('notifications', { env, fetch: hanging, timeoutMs: 20 })('messaging', 'citizen-contact', {})).rejects.toThrow(
      /could not be reached \(TimeoutError\)/,
    );
  });

  it('refuses a call the caller was not granted, before any request', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}'));
    await expect(internalInvoker('case-routing', { env: {}, fetch })('messaging', 'citizen-contact', {})).rejects.toBeInstanceOf(
      InternalFunctionUnavailableError,
    );
    expect(calls).toHaveLength(0);
  });

  it("maps Lambda's answers: a function error and throttling may pass; access denied will not", async () => {
    const env = { [variable]: 'fn', MINQING_INVOKE_ENDPOINT: 'http://127.0.0.1:9' };
    const invokeWith = (response: () => Response) =>
      internalInvoker('notifications', { env, fetch: fakeFetch(response).fetch })('messaging', 'citizen-contact', {});
    await expect(
      invokeWith(
        () =>
          new Response('{"errorType":"TransientError","errorMessage":"13912345678 is…"}', { status: 200, headers: { 'x-amz-function-error': 'Unhandled' } }),
      ),
    ).rejects.toBeInstanceOf(InternalFunctionError);
    await expect(invokeWith(() => new Response('{"__type":"TooManyRequestsException"}', { status: 429 }))).rejects.toBeInstanceOf(TransientError);
    await expect(invokeWith(() => new Response('{"__type":"AccessDeniedException"}', { status: 403 }))).rejects.toBeInstanceOf(
      InternalFunctionUnavailableError,
    );
    // The callee's message is never carried along: it could echo what it was given.
    await expect(
      invokeWith(
        () => new Response('{"errorType":"TransientError","errorMessage":"13912345678"}', { status: 200, headers: { 'x-amz-function-error': 'Unhandled' } }),
      ),
    ).rejects.toThrow(/^messaging\/citizen-contact failed \(TransientError\)$/);
  });
});
