import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import type { ErasureRecord } from '../../src/domain/erasure.ts';
import { messageField } from '../../src/domain/personal-fields.ts';
import { trackingView } from '../../src/domain/views.ts';
import type { CitizenWeChatAuthorization } from '../../src/ports.ts';
import { eraseOnRequest } from '../../src/use-cases/erase-contacts.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { completeWeChatNotices, startWeChatNotices, stopWeChatNotices } from '../../src/use-cases/wechat-notices.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** 微信接收进展通知: a citizen chooses WeChat for a message's notices from its tracking page, and can stop. */

const dir = mkdtempSync(join(tmpdir(), 'minqing-wechat-notices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPENID = 'oCitizen0001';
const TICKET = 'T'.repeat(43);
const at = new Date('2026-03-06T02:00:00Z');
const context = { now: at, cause: { correlationId: 'req-1', causationId: 'req-1' } };

/** Identity's authorization as messaging sees it: one ticket, issued for one tracking code, redeemed once. */
function identity(options: { configured?: boolean } = {}): CitizenWeChatAuthorization & { issuedFor?: string } {
  const authorization = {
    issuedFor: undefined as string | undefined,
    start: async (trackingCode: string) => {
      if (options.configured === false) return undefined;
      authorization.issuedFor = trackingCode;
      return { authorizeUrl: `https://open.weixin.qq.com/connect/oauth2/authorize?state=s-${trackingCode}`, expiresAt: '2026-03-06T02:10:00.000Z' };
    },
    redeem: async (trackingCode: string, ticket: string) => {
      if (ticket !== TICKET || trackingCode !== authorization.issuedFor) return undefined;
      authorization.issuedFor = undefined;
      return OPENID;
    },
  };
  return authorization;
}

async function world(options: { configured?: boolean } = {}) {
  const messages = new MemoryMessages();
  const cipher = createFieldCipher({ file: join(dir, `${Math.random()}.key`) });
  const intake = memoryIntakePorts(messages, new MemoryDirectory([deputyLoad('D0001', 0)], []), { cipher });
  const { messageId } = await submitMessage(
    intake,
    { deputyCode: 'D0001', category: 'public_facilities', content: '村口路灯坏了，晚上看不见路。', phone: '13912345678' },
    { clientIp: '2001:db8::1', cause: { correlationId: 'c', causationId: 'c' } },
    new Date('2026-03-05T02:00:00Z'),
  );
  const wechat = identity(options);
  const ports = { messages, wechat, cipher, city: 'demo' };
  const stored = () => messages.items.get(messageId)!;
  messages.events.length = 0;
  return { messages, cipher, wechat, ports, messageId, stored };
}

describe('startWeChatNotices', () => {
  it("gives WeChat's authorization page for the message's tracking code", async () => {
    // Prepare
    const { ports, wechat, stored } = await world();

    // Act
    const started = await startWeChatNotices(ports, stored());

    // Assess
    expect(started.authorizeUrl).toMatch(/^https:\/\/open\.weixin\.qq\.com\//);
    expect(wechat.issuedFor).toBe(stored().message.trackingCode);
  });

  it('answers 409 WECHAT_NOT_CONFIGURED where the city has not opened WeChat', async () => {
    // Prepare
    const { ports, stored } = await world({ configured: false });

    // Act
    const attempt = startWeChatNotices(ports, stored());

    // Assess
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'WECHAT_NOT_CONFIGURED' });
  });
});

describe('completeWeChatNotices', () => {
  it('keeps the openid encrypted with the message and says so on the bus without it', async () => {
    // Prepare
    const { ports, messages, cipher, messageId, stored } = await world();
    await startWeChatNotices(ports, stored());

    // Act
    const message = await completeWeChatNotices(ports, stored(), TICKET, context);

    // Assess
    expect(trackingView(message).wechat).toBe(true);
    const { secrets } = stored();
    expect(JSON.stringify(stored())).not.toContain(OPENID);
    expect(await cipher.decrypt(secrets.wechatOpenIdEncrypted!, messageField(messageId, 'wechat'))).toBe(OPENID);
    expect(messages.events.map((e) => [e.detailType, e.detail.data])).toEqual([['MessageWeChatBound', { messageId, boundAt: at.toISOString() }]]);
    expect(JSON.stringify(messages.events)).not.toContain(OPENID);
    expect(messages.events[0]!.detail.metadata.correlationId).toBe('req-1');
  });

  it('refuses a ticket that is unknown or already used with a 400 on `ticket`, and changes nothing', async () => {
    // Prepare
    const { ports, messages, stored } = await world();
    await startWeChatNotices(ports, stored());
    await completeWeChatNotices(ports, stored(), TICKET, context);
    const before = structuredClone(stored());

    // Act
    const replayed = await completeWeChatNotices(ports, stored(), TICKET, context).catch((error: unknown) => error);
    const unknown = await completeWeChatNotices(ports, stored(), 'U'.repeat(43), context).catch((error: unknown) => error);

    // Assess
    for (const refusal of [replayed, unknown]) {
      expect(refusal).toBeInstanceOf(InvalidInputError);
      expect((refusal as InvalidInputError).details).toEqual([{ path: 'ticket', message: 'unknown, used or expired' }]);
    }
    expect(stored()).toEqual(before);
    expect(messages.events.map((e) => e.detailType)).toEqual(['MessageWeChatBound']);
  });
});

describe('stopWeChatNotices', () => {
  it('drops the openid and says so once; stopping again changes nothing', async () => {
    // Prepare
    const { ports, messages, messageId, stored } = await world();
    await startWeChatNotices(ports, stored());
    await completeWeChatNotices(ports, stored(), TICKET, context);

    // Act
    const stopped = await stopWeChatNotices(ports, messageId, context);
    const again = await stopWeChatNotices(ports, messageId, context);

    // Assess
    expect(trackingView(stopped).wechat).toBe(false);
    expect(trackingView(again).wechat).toBe(false);
    expect(stored().secrets.wechatOpenIdEncrypted).toBeUndefined();
    expect(stored().secrets.phoneEncrypted).toBeDefined();
    expect(messages.events.map((e) => [e.detailType, e.detail.data])).toEqual([
      ['MessageWeChatBound', { messageId, boundAt: at.toISOString() }],
      ['MessageWeChatUnbound', { messageId, unboundAt: at.toISOString() }],
    ]);
  });
});

describe('erasing a message whose citizen chose WeChat', () => {
  it('erases the openid with the rest, tells notifications, and takes no new binding afterwards', async () => {
    // Prepare
    const { ports, messages, messageId, stored } = await world();
    await startWeChatNotices(ports, stored());
    await completeWeChatNotices(ports, stored(), TICKET, context);
    const audit: ErasureRecord[] = [];
    const erasure = {
      messages,
      erasures: { record: async (entry: ErasureRecord) => void audit.push(entry), latest: async () => audit },
      newId: () => 'er-1',
      city: 'demo',
    };

    // Act
    const entry = await eraseOnRequest(erasure, { messageId }, 'admin', new Date('2026-03-07T02:00:00Z'));
    const restart = await startWeChatNotices(ports, stored()).catch((error: unknown) => error);

    // Assess
    expect(entry.fields).toEqual(['phone', 'wechat', 'source']);
    expect(stored().secrets.wechatOpenIdEncrypted).toBeUndefined();
    expect(trackingView(stored().message).wechat).toBe(false);
    expect(messages.events.map((e) => e.detailType)).toEqual(['MessageWeChatBound', 'MessageWeChatUnbound']);
    expect(restart).toBeInstanceOf(ConflictError);
    expect((restart as ConflictError).code).toBe('CONTACT_ERASED');
  });
});
