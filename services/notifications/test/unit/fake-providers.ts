import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the providers, on 127.0.0.1: each checks the request as the provider
 * documents it (parameters, signature, credentials) and answers as the provider does, errors
 * included. `script` makes an address answer an error a number of times (throttling).
 */
export interface FakeProvider {
  url: string;
  /** Every request that reached the fake, with what it concluded. */
  requests: { path: string; answer: string; fields: Record<string, unknown> }[];
  close(): Promise<void>;
}

type Handler = (request: { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: string }) => {
  status: number;
  headers?: Record<string, string>;
  json: unknown;
  answer: string;
  fields?: Record<string, unknown>;
};

async function serve(handler: Handler): Promise<FakeProvider> {
  const requests: FakeProvider['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      requests.push({ path: url.pathname, answer: reply.answer, fields: reply.fields ?? {} });
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Takes one scripted failure for `key`, if any is left. */
function scripted(script: Map<string, number>, key: string): boolean {
  const left = script.get(key) ?? 0;
  if (left > 0) script.set(key, left - 1);
  return left > 0;
}

/** RFC 3986 encoding as Aliyun's signature wants it (written out here, independently of the adapter). */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Aliyun SMS `SendSms` (RPC style, signature version 1.0): https://help.aliyun.com/document_detail/419273.html
 * and the error codes of https://help.aliyun.com/document_detail/101346.html.
 */
export function fakeAliyunSms(account: {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  approvedTemplates: string[];
  throttle?: Record<string, number>;
}) {
  const throttle = new Map(Object.entries(account.throttle ?? {}));
  const nonces = new Set<string>();
  return serve(({ method, path, headers, body }) => {
    const params = Object.fromEntries(new URLSearchParams(body));
    const fields = {
      PhoneNumbers: params.PhoneNumbers,
      TemplateCode: params.TemplateCode,
      SignName: params.SignName,
      TemplateParam: params.TemplateParam,
      OutId: params.OutId,
    };
    const error = (status: number, code: string) => ({ status, json: { Code: code, Message: code, RequestId: randomUUID() }, answer: code, fields });
    if (method !== 'POST' || path !== '/' || !String(headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return error(400, 'InvalidRequest');
    if (params.Action !== 'SendSms' || params.Version !== '2017-05-25' || params.Format !== 'JSON') return error(400, 'InvalidParameter');
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0' || !params.SignatureNonce) return error(400, 'InvalidParameter');
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp ?? '') || Math.abs(Date.parse(params.Timestamp!) - Date.now()) > 15 * 60_000)
      return error(400, 'InvalidTimeStamp.Expired');
    if (params.AccessKeyId !== account.accessKeyId) return error(404, 'InvalidAccessKeyId.NotFound');
    const { Signature, ...signed } = params;
    const canonical = Object.keys(signed)
      .sort()
      .map((k) => `${rfc3986(k)}=${rfc3986(signed[k]!)}`)
      .join('&');
    const expected = createHmac('sha1', `${account.accessKeySecret}&`)
      .update(`POST&${rfc3986('/')}&${rfc3986(canonical)}`)
      .digest('base64');
    if (Signature !== expected) return error(400, 'SignatureDoesNotMatch');
    if (nonces.has(params.SignatureNonce)) return error(400, 'SignatureNonceUsed');
    nonces.add(params.SignatureNonce);
    if (params.SignName !== account.signName) return error(200, 'isv.SMS_SIGNATURE_ILLEGAL');
    if (!account.approvedTemplates.includes(params.TemplateCode ?? '')) return error(200, 'isv.SMS_TEMPLATE_ILLEGAL');
    try {
      JSON.parse(params.TemplateParam ?? '');
    } catch {
      return error(200, 'isv.INVALID_JSON_PARAM');
    }
    if (!/^1\d{10}$/.test(params.PhoneNumbers ?? '')) return error(200, 'isv.MOBILE_NUMBER_ILLEGAL');
    if (scripted(throttle, params.PhoneNumbers!)) return error(200, 'isv.BUSINESS_LIMIT_CONTROL');
    return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: randomUUID() }, answer: 'OK', fields };
  });
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Checks an AWS Signature Version 4 `Authorization` header as documented
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): the credential
 * scope, the signed headers, and the signature recomputed from the request.
 */
function sigV4Valid(
  request: { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: string },
  service: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): boolean {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      String(request.headers.authorization ?? ''),
    );
  if (!match) return false;
  const [, keyId, date, region, scopeService, signedHeaders, signature] = match;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (keyId !== credentials.accessKeyId || scopeService !== service || !amzDate.startsWith(date!)) return false;
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return false;
  const query = [...request.query.entries()]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonical = [
    request.method,
    request.path,
    query,
    ...names.map((n) => `${n}:${String(request.headers[n] ?? '').trim()}`),
    '',
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex') === signature;
}

/** Amazon SES v2 `SendEmail` (REST-JSON, errors named in `x-amzn-ErrorType`): https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html */
export function fakeSes(account: {
  credentials: { accessKeyId: string; secretAccessKey: string };
  verifiedFrom: string;
  rejected?: string[];
  throttle?: Record<string, number>;
}) {
  const throttle = new Map(Object.entries(account.throttle ?? {}));
  return serve((request) => {
    const error = (status: number, type: string, fields: Record<string, unknown> = {}) => ({
      status,
      headers: { 'x-amzn-errortype': type },
      json: { message: type },
      answer: type,
      fields,
    });
    if (request.method !== 'POST' || request.path !== '/v2/email/outbound-emails') return error(404, 'NotFoundException');
    if (!sigV4Valid(request, 'ses', account.credentials)) return error(403, 'SignatureDoesNotMatch');
    const input = JSON.parse(request.body) as {
      FromEmailAddress?: string;
      Destination?: { ToAddresses?: string[] };
      Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
    };
    const to = input.Destination?.ToAddresses ?? [];
    const fields = { from: input.FromEmailAddress, to, subject: input.Content?.Simple?.Subject?.Data, text: input.Content?.Simple?.Body?.Text?.Data };
    if (!fields.subject || !fields.text || to.length !== 1) return error(400, 'BadRequestException', fields);
    if (!to.every((address) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))) return error(400, 'BadRequestException', fields);
    if (input.FromEmailAddress !== account.verifiedFrom) return error(400, 'MessageRejected', fields);
    if (scripted(throttle, to[0]!)) return error(429, 'TooManyRequestsException', fields);
    if (account.rejected?.includes(to[0]!)) return error(400, 'MessageRejected', fields);
    return { status: 200, json: { MessageId: randomUUID() }, answer: 'OK', fields };
  });
}

/**
 * WeChat official account: `POST /cgi-bin/stable_token`, the template message API
 * (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html)
 * and the web authorization's page and code exchange (网页授权).
 */
export function fakeWechat(account: { appId: string; appSecret: string; followers: string[]; templates: string[]; throttle?: Record<string, number> }) {
  const throttle = new Map(Object.entries(account.throttle ?? {}));
  /** `user`: the openid of whoever opens the authorization page (the WeChat user of the browser). */
  const state = {
    token: `token-${randomUUID()}`,
    tokensIssued: 0,
    user: account.followers[0] ?? 'oUser',
    codes: new Map<string, { openid: string; used: boolean }>(),
  };
  const provider = serve(({ method, path, query, body }) => {
    const answer = (errcode: number, fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
      status: 200,
      json: { errcode, errmsg: errcode ? 'error' : 'ok', ...extra },
      answer: String(errcode),
      fields,
    });
    if (method === 'GET' && path === '/connect/oauth2/authorize') return authorize(query);
    if (method === 'GET' && path === '/sns/oauth2/access_token') return exchange(query, answer);
    if (method !== 'POST') return answer(43002);
    const input = JSON.parse(body || '{}') as Record<string, any>;
    if (path === '/cgi-bin/stable_token') {
      if (input.grant_type !== 'client_credential' || input.appid !== account.appId) return answer(40013);
      if (input.secret !== account.appSecret) return answer(40125);
      if (input.force_refresh === true) state.token = `token-${randomUUID()}`;
      state.tokensIssued++;
      return { status: 200, json: { access_token: state.token, expires_in: 7200 }, answer: 'token' };
    }
    if (path !== '/cgi-bin/message/template/send') return answer(48001);
    const fields = { touser: input.touser, template_id: input.template_id, data: input.data };
    if (query.get('access_token') !== state.token) return answer(40001, fields);
    if (!account.templates.includes(input.template_id)) return answer(40037, fields);
    if (!account.followers.includes(input.touser)) return answer(40003, fields);
    if (typeof input.data?.first?.value !== 'string') return answer(47001, fields);
    if (scripted(throttle, input.touser)) return answer(45009, fields);
    return answer(0, fields, { msgid: Date.now() });
  });
  /**
   * 网页授权 (snsapi_base): WeChat shows nothing and sends the browser back to `redirect_uri` with a
   * code for the current user, valid once for five minutes, and the `state` unchanged.
   * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  function authorize(query: URLSearchParams) {
    const fields = Object.fromEntries(query);
    const refused = (errmsg: string) => ({ status: 200, json: { errcode: 10003, errmsg }, answer: errmsg, fields });
    if (query.get('appid') !== account.appId) return refused('appid');
    if (query.get('response_type') !== 'code' || query.get('scope') !== 'snsapi_base') return refused('scope');
    const redirect = query.get('redirect_uri');
    if (!redirect || !/^https?:\/\//.test(redirect)) return refused('redirect_uri');
    const code = `code-${randomUUID()}`;
    state.codes.set(code, { openid: state.user, used: false });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() }, json: {}, answer: 'redirect', fields };
  }

  /** `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`. */
  function exchange(query: URLSearchParams, answer: (errcode: number, fields?: Record<string, unknown>) => ReturnType<Handler>) {
    const fields = { appid: query.get('appid'), code: query.get('code'), grant_type: query.get('grant_type') };
    if (query.get('appid') !== account.appId) return answer(40013, fields);
    if (query.get('secret') !== account.appSecret) return answer(40125, fields);
    if (query.get('grant_type') !== 'authorization_code') return answer(40002, fields);
    const issued = state.codes.get(query.get('code') ?? '');
    if (!issued) return answer(40029, fields);
    if (issued.used) return answer(40163, fields);
    issued.used = true;
    const json = {
      access_token: `web-${randomUUID()}`,
      expires_in: 7200,
      refresh_token: `refresh-${randomUUID()}`,
      openid: issued.openid,
      scope: 'snsapi_base',
    };
    return { status: 200, json, answer: 'openid', fields };
  }

  return provider.then((p) =>
    Object.assign(p, {
      state,
      /** WeChat replaced the token (another caller forced a refresh): the cached one is now refused. */
      renewToken: () => void (state.token = `token-${randomUUID()}`),
    }),
  );
}

/** Secrets Manager `GetSecretValue` (JSON 1.1 protocol): https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html */
export function fakeSecretsManager(secrets: Record<string, Record<string, string>>, credentials: { accessKeyId: string; secretAccessKey: string }) {
  return serve((request) => {
    const error = (status: number, type: string) => ({ status, json: { __type: type, message: type }, answer: type });
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') return error(400, 'InvalidAction');
    if (!sigV4Valid(request, 'secretsmanager', credentials)) return error(400, 'InvalidSignatureException');
    const { SecretId } = JSON.parse(request.body) as { SecretId?: string };
    const value = SecretId ? secrets[SecretId] : undefined;
    if (!value) return { ...error(400, 'ResourceNotFoundException'), fields: { SecretId } };
    return {
      status: 200,
      json: {
        ARN: `arn:aws:secretsmanager:cn-north-1:123456789012:secret:${SecretId}-AbCdEf`,
        Name: SecretId,
        SecretString: JSON.stringify(value),
        VersionId: randomUUID(),
      },
      answer: 'OK',
      fields: { SecretId },
    };
  });
}
