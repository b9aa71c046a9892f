import { z } from 'zod';
import type { NotificationsConfig } from '../../../../shared/city/notifications.ts';
import type { SecretSource } from '../../../../shared/secrets/secret-source.ts';
import { WechatCodeRefusedError, WechatNotConfiguredError, type WechatWebAuth } from '../ports.ts';

/** The official account's AppID and AppSecret, as the secret the city config names holds them. */
const wechatCredentials = z.object({ appId: z.string().min(1), appSecret: z.string().min(1) });

const WECHAT_OPEN = 'https://open.weixin.qq.com';
const WECHAT_API = 'https://api.weixin.qq.com';

/**
 * The official account's web authorization (网页授权) with `scope=snsapi_base`: the page WeChat shows
 * nothing for, and the code it hands back exchanged for the user's openid on this account.
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 *
 * The only code in identity that calls WeChat. The AppSecret is read by the name in the city config
 * (`notifications.channels.wechat.secretName`, the account that sends the template messages) once
 * per cold start, and only where the city opened binding (`webAuthorization`: the account's
 * 网页授权域名 is the city's domain); otherwise, or with a secret missing or malformed, it is not configured.
 */
export class WechatOAuth implements WechatWebAuth {
  private credentials: Promise<z.output<typeof wechatCredentials> | undefined> | undefined;

  constructor(
    private readonly config: NotificationsConfig['channels']['wechat'],
    private readonly secrets: SecretSource,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async authorizeUrl(redirectUri: string, state: string): Promise<string> {
    const { appId } = await this.required();
    const query = new URLSearchParams({ appid: appId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state });
    // WeChat wants its parameters in this order and the fragment, or it shows an error page.
    return `${this.config?.oauthEndpoint ?? WECHAT_OPEN}/connect/oauth2/authorize?${query}#wechat_redirect`;
  }

  async openIdOf(code: string): Promise<string> {
    const { appId, appSecret } = await this.required();
    const query = new URLSearchParams({ appid: appId, secret: appSecret, code, grant_type: 'authorization_code' });
    let answer: { openid?: unknown; errcode?: unknown };
    try {
      const response = await this.fetchFn(`${this.config?.endpoint ?? WECHAT_API}/sns/oauth2/access_token?${query}`, {
        signal: AbortSignal.timeout(5_000),
      });
      answer = (await response.json()) as typeof answer;
    } catch {
      throw new WechatCodeRefusedError(-1);
    }
    // {access_token, expires_in, refresh_token, openid, scope}; the token is not needed for snsapi_base.
    if (typeof answer.openid === 'string' && answer.openid) return answer.openid;
    throw new WechatCodeRefusedError(typeof answer.errcode === 'number' ? answer.errcode : -1);
  }

  private async required(): Promise<z.output<typeof wechatCredentials>> {
    const secretName = this.config?.webAuthorization ? this.config.secretName : undefined;
    if (!secretName) throw new WechatNotConfiguredError();
    if (!this.credentials) {
      const pending = this.secrets.json(secretName).then((value) => {
        const parsed = wechatCredentials.safeParse(value);
        return parsed.success ? parsed.data : undefined;
      });
      this.credentials = pending;
      // A secret that could not be read now is read again next time.
      pending.catch(() => {
        if (this.credentials === pending) this.credentials = undefined;
      });
    }
    const credentials = await this.credentials;
    if (!credentials) throw new WechatNotConfiguredError();
    return credentials;
  }
}
