import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCityConfig, type CityConfig } from '../../shared/city/config.ts';
import { LOCAL_SECRETS_ENV } from '../../shared/secrets/secret-source.ts';

/** The name the demo city's official account's secret goes by in these tests. */
const SECRET_NAME = 'minqing/demo/wechat';

/**
 * The demo city with its WeChat official account pointed at a fake WeChat (template messages and
 * web authorization alike), its `{appId, appSecret}` in a local secrets file the platform reads
 * (`MINQING_LOCAL_SECRETS`, set here; the caller deletes it when done).
 */
export function demoCityWithFakeWechat(
  fake: { url: string },
  app: { appId: string; appSecret: string },
  options: { templates?: Record<string, string>; publicBaseUrl?: string } = {},
): CityConfig {
  const secrets = join(mkdtempSync(join(tmpdir(), 'minqing-secrets-')), 'secrets.json');
  writeFileSync(secrets, JSON.stringify({ [SECRET_NAME]: app }));
  process.env[LOCAL_SECRETS_ENV] = secrets;
  const demo = loadCityConfig('demo');
  return {
    ...demo,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    notifications: {
      ...demo.notifications,
      channels: {
        ...demo.notifications.channels,
        wechat: { secretName: SECRET_NAME, templates: options.templates ?? {}, webAuthorization: true, endpoint: fake.url, oauthEndpoint: fake.url },
      },
    },
  };
}
