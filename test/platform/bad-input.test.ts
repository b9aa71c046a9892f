import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { fixtureService } from '../fixture/service.ts';
import { call, startTestPlatform } from '../support/platform.ts';

/** Bad input at the gateway and in the http stack: always the error of `docs/api.md`, never a 500, nothing written. */
describe('gateway refuses bad input with the errors of docs/api.md', () => {
  let platform: LocalPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform([fixtureService]);
  });
  afterAll(async () => platform?.stop());

  const cases: { name: string; method: string; path: string; body?: string; headers?: Record<string, string>; status: number; code: string }[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: '{"text": ',
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_JSON',
    },
    {
      name: 'wrong content type',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: 'text=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    { name: 'no content type', method: 'POST', path: '/v1/fixture/notes', body: '{"text":"hi"}', headers: {}, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      name: 'empty body',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: '',
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_INPUT',
    },
    {
      name: 'oversized body',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: JSON.stringify({ text: 'x'.repeat(70_000) }),
      headers: { 'content-type': 'application/json' },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'field too long',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: JSON.stringify({ text: 'x'.repeat(201) }),
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_INPUT',
    },
    {
      name: 'unknown field',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: JSON.stringify({ text: 'hi', admin: true }),
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_INPUT',
    },
    {
      name: 'JSON array body',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: '[]',
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_INPUT',
    },
    {
      name: 'prototype pollution',
      method: 'POST',
      path: '/v1/fixture/notes',
      body: '{"__proto__": {"x": 1}, "text": "hi"}',
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'INVALID_JSON',
    },
    { name: 'bad path parameter', method: 'GET', path: '/v1/fixture/notes/not-a-uuid', status: 400, code: 'INVALID_INPUT' },
    { name: 'missing note', method: 'GET', path: '/v1/fixture/notes/5b7a3f5e-8a34-4b4c-9c55-0f2b0c1f2a10', status: 404, code: 'NOT_FOUND' },
    { name: 'unknown route', method: 'GET', path: '/v1/nowhere', status: 404, code: 'NOT_FOUND' },
    { name: 'wrong method', method: 'DELETE', path: '/v1/fixture/notes', status: 405, code: 'METHOD_NOT_ALLOWED' },
  ];

  it.each(cases)('$name → $status $code', async ({ method, path, body, headers, status, code }) => {
    // Act
    const response = await fetch(`${platform.url}${path}`, { method, body, headers });
    const text = await response.text();

    // Assess
    expect(response.status).toBe(status);
    const parsed = JSON.parse(text);
    expect(parsed.error.code).toBe(code);
    expect(typeof parsed.error.message).toBe('string');
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('names the failing fields of an invalid body', async () => {
    const response = await call(platform.url, 'POST', '/v1/fixture/notes', { text: '', kind: 'other' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['kind', 'text']);
  });

  it('refuses bad input without writing anything', async () => {
    // Prepare
    const before = platform.queues.get(resourceNames.queue('demo', 'fixture', 'tally-notes'))!.depth().total;
    let published = 0;
    const stop = platform.bus.observe(() => published++);

    // Act
    await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'x'.repeat(201) });
    await call(platform.url, 'POST', '/v1/fixture/notes', '{oops', {});
    stop();

    // Assess
    expect(published).toBe(0);
    expect(platform.queues.get(resourceNames.queue('demo', 'fixture', 'tally-notes'))!.depth().total).toBe(before);
  });

  it('answers health and sets request ids and security headers', async () => {
    const health = await call(platform.url, 'GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'headers' });
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('x-content-type-options')).toBe('nosniff');
    expect(created.headers.get('access-control-allow-origin')).toBe('*');
  });
});
