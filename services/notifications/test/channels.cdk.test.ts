import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cityConfigSchema, loadCityConfig, type CityConfig } from '../../../shared/city/config.ts';
import { secretReference } from '../../../shared/city/notifications.ts';
import { FIRST_START_SECRET_ENV, internalFunctionEnvVar } from '../../../shared/runtime/manifest.ts';
import { buildCityApp, mergedTemplate, type TemplateJson } from '../../../test/support/cdk.ts';
import { caseRoutingService } from '../../case-routing/src/service.ts';
import { identityService } from '../../identity/src/service.ts';
import { messagingService } from '../../messaging/src/service.ts';
import { notificationsService } from '../src/service.ts';

const demo = loadCityConfig('demo');
const services = [identityService, messagingService, caseRoutingService, notificationsService];
const WECHAT_SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:minqing/lufeng/wechat-AbCdEf';

/** A city going live: every channel configured, its credentials named, never given. */
const lufeng: CityConfig = cityConfigSchema.parse({
  ...demo,
  demo: undefined,
  name: 'lufeng',
  displayName: '禄丰市',
  account: '123456789012',
  region: 'cn-north-1',
  subscriberAccounts: [],
  notifications: {
    textsPerPhonePerDay: 5,
    channels: {
      sms: { secretName: 'minqing/lufeng/aliyun-sms', signName: '禄丰人大', templates: { message_receipt: 'SMS_123456789' } },
      wechat: { secretName: WECHAT_SECRET_ARN, templates: { message_receipt: 'Xy7-template-id' } },
      email: { from: 'noreply@lufeng.example', identity: 'lufeng.example', configurationSet: 'minqing-lufeng' },
    },
  },
});

function synth(config: CityConfig): TemplateJson {
  const { app, stack } = buildCityApp(config, services, { nag: false });
  return mergedTemplate(app.synth(), stack);
}

const resources = (template: TemplateJson, type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
/** Every IAM statement with the logical ids of the roles it is attached to. */
const statements = (template: TemplateJson) =>
  [...resources(template, 'AWS::IAM::Policy'), ...resources(template, 'AWS::IAM::ManagedPolicy')].flatMap(([, p]) =>
    ((p.Properties as any).PolicyDocument.Statement as Record<string, any>[]).map((statement) => ({
      statement,
      roles: JSON.stringify((p.Properties as any).Roles),
    })),
  );
const withAction = (template: TemplateJson, action: string) => statements(template).filter(({ statement }) => [statement.Action].flat().includes(action));

describe("a city's notification channels in its stack", () => {
  // Prepare
  const template = synth(lufeng);

  it("keeps every channel's secret by reference: a name or ARN in the config, the value only in Secrets Manager", () => {
    // Act
    const { sms, wechat } = lufeng.notifications.channels;
    const inline = cityConfigSchema.safeParse({
      ...lufeng,
      notifications: { channels: { sms: { ...sms, accessKeyId: 'LTAI-x', accessKeySecret: 'not-here' } } },
    });
    // Identity's first-start variable names its own generated secret (the first admin's), not a
    // channel's; the internal functions' variables name functions to call (`citizen-wechat`).
    const callee = internalFunctionEnvVar('x', 'y').replace(/X_Y$/, '');
    const environment = JSON.stringify(
      resources(template, 'AWS::Lambda::Function').map(([, f]) => {
        const variables: Record<string, unknown> = { ...((f.Properties as any).Environment?.Variables ?? {}) };
        delete variables[FIRST_START_SECRET_ENV];
        for (const name of Object.keys(variables)) if (name.startsWith(callee)) delete variables[name];
        return variables;
      }),
    );

    // Assess
    for (const secretName of [sms?.secretName, wechat?.secretName]) expect(secretReference.safeParse(secretName).success, secretName).toBe(true);
    expect(inline.success).toBe(false);
    expect(environment).not.toMatch(/secret|aliyun|wechat/i);
  });

  it('lets the notifications functions, and nothing else, read exactly the secrets the config names', () => {
    // Act
    // Identity reads only the first admin's generated secret; every other read is a channel's.
    const firstStart = (r: { statement: Record<string, any>; roles: string }) =>
      /Serviceidentity/.test(r.roles) && !/aliyun|wechat/i.test(JSON.stringify(r.statement.Resource));
    const reads = withAction(template, 'secretsmanager:GetSecretValue').filter((r) => !firstStart(r));
    const notificationsRoles = new Set(
      resources(template, 'AWS::IAM::Role')
        .filter(([id]) => id.startsWith('Servicenotifications'))
        .map(([id]) => id),
    );

    // Assess
    expect(reads).toHaveLength(1);
    const granted = JSON.stringify(reads[0]!.statement.Resource);
    expect([reads[0]!.statement.Resource].flat()).toHaveLength(2);
    expect(granted).toContain(':secret:minqing/lufeng/aliyun-sms-??????');
    expect(granted).toContain(WECHAT_SECRET_ARN);
    expect(granted).not.toContain('*');
    expect([...notificationsRoles].some((role) => reads[0]!.roles.includes(role))).toBe(true);
    expect(reads[0]!.roles).not.toMatch(/Service(identity|messaging|caserouting)/);
  });

  it('lets them send e-mail from the configured SES identity only', () => {
    // Act
    const sends = withAction(template, 'ses:SendEmail');

    // Assess
    expect(sends).toHaveLength(1);
    const granted = JSON.stringify(sends[0]!.statement.Resource);
    expect(granted).toContain(':identity/lufeng.example');
    expect(granted).toContain(':configuration-set/minqing-lufeng');
    expect(granted).not.toContain('*');
    expect(sends[0]!.roles).toMatch(/Servicenotifications/);
  });

  it('grants no secret and no SES identity for the demo city, which names none', () => {
    // Act
    const demoTemplate = synth(demo);

    // Assess
    expect(withAction(demoTemplate, 'secretsmanager:GetSecretValue').filter((r) => !/Serviceidentity/.test(r.roles))).toEqual([]);
    expect(withAction(demoTemplate, 'ses:SendEmail')).toEqual([]);
  });

  it('passes cdk-nag', () => {
    // Prepare
    const { app } = buildCityApp(lufeng, services, { nag: false });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
