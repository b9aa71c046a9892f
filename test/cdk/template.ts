import { cityConfigSchema, loadCityConfig, type CityConfig } from '../../shared/city/config.ts';
import type { TemplateJson } from '../../infra/cdk/synth.ts';

/** Test helpers for reading a synthesized CloudFormation template. */

export type Resource = TemplateJson['Resources'][string];

export const demo: CityConfig = loadCityConfig('demo');

/** A second, valid city config: same shape as demo, another name and no subscribers. */
export function otherCity(name = 'lufeng', overrides: Record<string, unknown> = {}): CityConfig {
  return cityConfigSchema.parse({ ...demo, name, displayName: `${name} (test)`, subscriberAccounts: [], ...overrides });
}

/** Resources of one type, as `[logicalId, resource]` pairs. */
export function resourcesOf(template: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** `Properties` of a resource (empty when it has none). */
export function props(resource: Resource): Record<string, any> {
  return (resource.Properties ?? {}) as Record<string, any>;
}

/** The logical id a `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }` points at, if any. */
export function referencedId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
    if (typeof v.Ref === 'string') return v.Ref;
  }
  return undefined;
}

/** Every statement of every IAM policy document in the template, with where it was found. */
export function iamStatements(template: TemplateJson): { where: string; statement: Record<string, any> }[] {
  const out: { where: string; statement: Record<string, any> }[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = props(r);
    const documents: unknown[] = [];
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') documents.push(p.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') for (const inline of p.Policies ?? []) documents.push(inline.PolicyDocument);
    for (const doc of documents) {
      for (const statement of (doc as { Statement?: Record<string, any>[] }).Statement ?? []) out.push({ where: id, statement });
    }
  }
  return out;
}

/** Every Allow statement of a resource-based policy (queue and event bus policies). */
export function resourcePolicyAllows(template: TemplateJson): { where: string; statement: Record<string, any> }[] {
  const out: { where: string; statement: Record<string, any> }[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = props(r);
    const statements: Record<string, any>[] =
      r.Type === 'AWS::SQS::QueuePolicy' ? (p.PolicyDocument?.Statement ?? []) : r.Type === 'AWS::Events::EventBusPolicy' && p.Statement ? [p.Statement] : [];
    for (const statement of statements) if (statement.Effect === 'Allow') out.push({ where: id, statement });
  }
  return out;
}

/** The physical names the template gives: table, queue, function, rule, bus, API and log group names. */
export function physicalNames(template: TemplateJson): { type: string; name: unknown }[] {
  const nameProperty: Record<string, string> = {
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::Events::Rule': 'Name',
    'AWS::Events::EventBus': 'Name',
    'AWS::ApiGatewayV2::Api': 'Name',
    'AWS::Logs::LogGroup': 'LogGroupName',
  };
  return Object.values(template.Resources)
    .filter((r) => nameProperty[r.Type])
    .map((r) => ({ type: r.Type, name: props(r)[nameProperty[r.Type]!] }));
}

/** Tags of a resource, whether CloudFormation spells them as a list or a map. */
export function tagsOf(resource: Resource): Record<string, string> {
  const tags = props(resource).Tags;
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
  return (tags ?? {}) as Record<string, string>;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
