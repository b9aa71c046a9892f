import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { CitizenWeChatAuthorization } from '../ports.ts';

/** Identity's WeChat web authorization through its internal function `citizen-wechat`. */
export class IdentityCitizenWeChat implements CitizenWeChatAuthorization {
  constructor(private readonly invoke: InvokeInternal) {}

  async start(trackingCode: string): Promise<{ authorizeUrl: string; expiresAt: string } | undefined> {
    const answer = await this.invoke<{ authorizeUrl?: string; expiresAt?: string; notConfigured?: true }>('identity', 'citizen-wechat', {
      action: 'start',
      trackingCode,
    });
    return answer.authorizeUrl && answer.expiresAt ? { authorizeUrl: answer.authorizeUrl, expiresAt: answer.expiresAt } : undefined;
  }

  async redeem(trackingCode: string, ticket: string): Promise<string | undefined> {
    const answer = await this.invoke<{ openId?: string }>('identity', 'citizen-wechat', { action: 'redeem', trackingCode, ticket });
    return answer.openId;
  }
}
