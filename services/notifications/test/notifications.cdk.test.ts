import { describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildCityApp, mergedTemplate, type TemplateJson } from '../../../test/support/cdk.ts';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { caseRoutingService } from '../../case-routing/src/service.ts';
import { identityService } from '../../identity/src/service.ts';
import { messagingService } from '../../messaging/src/service.ts';
import { notificationsService } from '../src/service.ts';

const demo = loadCityConfig('demo');
const ENV_VAR = 'MINQING_FUNCTION_MESSAGING_CITIZEN_CONTACT';
const withNotifications = [identityService, messagingService, caseRoutingService, notificationsService];

function synth(services = withNotifications): TemplateJson {
  const { app, stack } = buildCityApp(demo, services, { nag: true });
  return mergedTemplate(app.synth(), stack);
}

const resources = (template: TemplateJson, type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
/** Logical ids an IAM resource entry points at. */
const refs = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(refs)
    : value && typeof value === 'object'
      ? Array.isArray((value as any)['Fn::GetAtt'])
        ? [(value as any)['Fn::GetAtt'][0]]
        : typeof (value as any).Ref === 'string'
          ? [(value as any).Ref]
          : Object.values(value).flatMap(refs)
      : [];
/** Every statement with the roles it is attached to (a large shared role overflows into managed policies). */
const statements = (template: TemplateJson) =>
  [...resources(template, 'AWS::IAM::Policy'), ...resources(template, 'AWS::IAM::ManagedPolicy')].flatMap(([, p]) =>
    ((p.Properties as any).PolicyDocument.Statement as Record<string, any>[]).map((statement) => ({ statement, roles: refs((p.Properties as any).Roles) })),
  );

describe('internal functions in the city stack', () => {
  // Prepare: the city with notifications, which may call messaging's citizen-contact
  const template = synth();
  const functions = resources(template, 'AWS::Lambda::Function');
  const [contactId, contact] = functions.find(([, f]) => (f.Properties as any).FunctionName === 'minqing-demo-messaging-contacts-citizen-contact')!;
  // …and identity's contact (deputies' and staff's own phone and e-mail)
  const [identityContactId] = functions.find(([, f]) => (f.Properties as any).FunctionName === 'minqing-demo-identity-contacts-contact')!;
  const notificationFns = functions.filter(([id]) => id.startsWith('Servicenotifications'));
  // Only the contact functions concern notifications; other internal functions have their own callers.
  const contactIds = new Set([contactId, identityContactId]);
  const invokesOf = (t: TemplateJson, targets: ReadonlySet<string>) =>
    statements(t).filter(
      ({ statement }) => [statement.Action].flat().includes('lambda:InvokeFunction') && refs(statement.Resource).some((r) => targets.has(r)),
    );
  const roleOf = (fn: (typeof functions)[number][1]) => refs((fn.Properties as any).Role)[0]!;

  it('deploys the internal function as a function of its service, off the HTTP API', () => {
    // Act
    const integrations = resources(template, 'AWS::ApiGatewayV2::Integration').map(([, i]) => JSON.stringify(i.Properties));

    // Assess
    expect(contact).toBeDefined();
    expect(contactId.startsWith('Servicemessaging')).toBe(true);
    expect(integrations.some((i) => i.includes(contactId))).toBe(false);
    // It decrypts phones: the service's personal-data key, as every messaging function.
    expect((contact.Properties as any).Environment.Variables.MINQING_DATA_KEY_ID).toBeDefined();
  });

  it('lets every notifications function, and nothing else, invoke it, and tells them its name', () => {
    // Act
    const invokes = invokesOf(template, contactIds);

    // Assess
    expect(notificationFns.length).toBeGreaterThan(5);
    const granted = new Set(invokes.flatMap(({ roles }) => roles));
    // A role per function or one per service: either way exactly the notifications roles.
    expect([...granted].sort()).toEqual([...new Set(notificationFns.map(([, f]) => roleOf(f)))].sort());
    expect(new Set(invokes.flatMap(({ statement }) => refs(statement.Resource)))).toEqual(contactIds);
    for (const [, fn] of notificationFns) expect((fn.Properties as any).Environment.Variables[ENV_VAR]).toEqual({ Ref: contactId });
    for (const [id, fn] of functions.filter(([id]) => !id.startsWith('Servicenotifications'))) {
      expect((fn.Properties as any).Environment?.Variables?.[ENV_VAR], id).toBeUndefined();
    }
  });

  it('passes cdk-nag with every acknowledgement stated where it applies', () => {
    // Prepare
    const { app } = buildCityApp(demo, withNotifications, { nag: false });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('grants nothing when the caller is not part of the stack', () => {
    // Act
    const without = synth([identityService, messagingService, caseRoutingService]);

    // Assess
    const contactsWithout = resources(without, 'AWS::Lambda::Function').filter(([, f]) => /-contacts?-/.test((f.Properties as any).FunctionName));
    expect(contactsWithout.length).toBe(2);
    expect(invokesOf(without, new Set(contactsWithout.map(([id]) => id)))).toEqual([]);
    expect(JSON.stringify(without)).not.toContain(ENV_VAR);
  });
});

describe('the notifications service in the city stack', () => {
  it('has its subscriptions with DLQs, its schedules and its routes', () => {
    // Act
    const template = synth();
    const queues = resources(template, 'AWS::SQS::Queue').map(([, q]) => (q.Properties as any).QueueName as string);
    const triggers = resources(template, 'AWS::SQS::Queue').find(([, q]) => (q.Properties as any).QueueName === 'minqing-demo-notifications-triggers')![1];
    const rules = resources(template, 'AWS::Events::Rule').map(([, r]) => (r.Properties as any).Name as string);
    const routes = resources(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => (r.Properties as any).RouteKey as string);

    // Assess
    expect(queues).toEqual(
      expect.arrayContaining(['minqing-demo-notifications-triggers', 'minqing-demo-notifications-triggers-dlq', 'minqing-demo-notifications-directory']),
    );
    expect((triggers.Properties as any).RedrivePolicy.maxReceiveCount).toBe(5);
    expect((triggers.Properties as any).VisibilityTimeout).toBe(180);
    expect(rules).toEqual(
      expect.arrayContaining([
        'minqing-demo-notifications-send-due',
        'minqing-demo-notifications-reception-day-reminder',
        'minqing-demo-notifications-voter-report-reminder',
      ]),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /v1/notifications',
        'POST /v1/notifications/{id}/read',
        'PUT /v1/notifications/preferences',
        'GET /v1/deliveries',
        'POST /v1/bulletins',
      ]),
    );
  });
});
