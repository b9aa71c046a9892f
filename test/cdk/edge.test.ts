import { describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CLOUDFRONT_REGION, edgeFirewallStackName } from '../../infra/cdk/edge-firewall.ts';
import { rewrittenUri } from '../../infra/cdk/edge-rewrite.ts';
import { STATIC_PATHS } from '../../infra/cdk/edge.ts';
import { buildCityApp, synthCityStackTemplates, synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { messagePageUrl } from '../../services/identity/src/domain/public-views.ts';
import { fixtureService } from '../fixture/service.ts';
import { CONSOLE_SECURITY_HEADERS } from '../../services/console/server/console-pages.ts';
import { EDGE_ORIGIN_HEADER, EDGE_ORIGIN_TOKEN_ENV } from '../../shared/runtime/client-address.ts';
import { PAGE_HEADERS } from '../../shared/runtime/web-files.ts';
import { demo, otherCity, props, referencedId, resourcesOf } from './template.ts';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

describe('the edge: CloudFront, WAF and the city domain', () => {
  // Prepare: the demo city (no domain of its own) and a city on its own domain
  const template = synthCityTemplate(demo, services, { nag: false });
  const ownDomain = otherCity('lufeng', {
    publicBaseUrl: 'https://minqing.lufeng.example.cn',
    edge: { domain: 'minqing.lufeng.example.cn', certificateArn: CERTIFICATE, requestsPerFiveMinutesPerAddress: 600 },
  });
  const ownTemplate = synthCityTemplate(ownDomain, services, { nag: false });
  const distributionOf = (t: typeof template) => props(resourcesOf(t, 'AWS::CloudFront::Distribution')[0]![1]).DistributionConfig;

  it("answers on the city's domain with its certificate, and on CloudFront's own name without one", () => {
    // Act
    const own = distributionOf(ownTemplate);
    const plain = distributionOf(template);

    // Assess
    expect(own.Aliases).toEqual(['minqing.lufeng.example.cn']);
    expect(own.ViewerCertificate).toMatchObject({ AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(plain.Aliases).toBeUndefined();
    expect(demo.edge.domain).toBeUndefined();
  });

  it('puts a WAF web ACL with the common rule set and a rate rule per address in front of the distribution', () => {
    // Act
    const acls = resourcesOf(ownTemplate, 'AWS::WAFv2::WebACL');
    const [aclId, acl] = acls[0]!;
    const rules = props(acl).Rules as Record<string, any>[];

    // Assess
    expect(acls).toHaveLength(1);
    expect(props(acl).Scope).toBe('CLOUDFRONT');
    expect(props(acl).DefaultAction).toEqual({ Allow: {} });
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name ?? 'rate')).toEqual(['AWSManagedRulesCommonRuleSet', 'rate']);
    expect(rules[1]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 600, AggregateKeyType: 'IP' } } });
    expect(distributionOf(ownTemplate).WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  it('serves the pages and the console from a private bucket and everything else from the API, behind the same WAF', () => {
    // Act
    const distribution = distributionOf(template);
    const originOf = (id: string) => (distribution.Origins as Record<string, any>[]).find((o) => o.Id === id)!;
    const staticBehaviors = distribution.CacheBehaviors as Record<string, any>[];
    const buckets = resourcesOf(template, 'AWS::S3::Bucket').map(([, b]) => props(b));
    const uploads = resourcesOf(template, 'Custom::CDKBucketDeployment').map(([, d]) => props(d).DestinationBucketKeyPrefix);

    // Assess: the API is the default origin, reached over HTTPS
    expect(JSON.stringify(originOf(distribution.DefaultCacheBehavior.TargetOriginId).DomainName)).toContain('ApiEndpoint');
    expect(originOf(distribution.DefaultCacheBehavior.TargetOriginId).CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(distribution.DefaultCacheBehavior.AllowedMethods).toContain('POST');
    expect(staticBehaviors.map((b) => b.PathPattern)).toEqual([...STATIC_PATHS]);
    for (const behavior of staticBehaviors) {
      expect(originOf(behavior.TargetOriginId).S3OriginConfig).toBeDefined();
      expect(originOf(behavior.TargetOriginId).OriginAccessControlId).toBeDefined();
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    }
    for (const bucket of buckets) {
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    expect(uploads.sort()).toEqual(['assets/', 'console/']);
  });

  it('sends the files from the bucket with the security headers their functions send', () => {
    // Act
    const behaviors = distributionOf(template).CacheBehaviors as Record<string, any>[];
    const policies = new Map(
      resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy').map(([id, p]) => [id, props(p).ResponseHeadersPolicyConfig.SecurityHeadersConfig]),
    );

    // Assess
    for (const behavior of behaviors) {
      const headers = policies.get(referencedId(behavior.ResponseHeadersPolicyId)!);
      const expected = behavior.PathPattern.startsWith('/console') ? CONSOLE_SECURITY_HEADERS : PAGE_HEADERS;
      expect(headers.ContentSecurityPolicy, behavior.PathPattern).toEqual({ ContentSecurityPolicy: expected['content-security-policy'], Override: true });
      expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(headers.ContentTypeOptions).toEqual({ Override: true });
    }
  });

  it("sends the API the edge's token, which every route function compares before believing the viewer's address", () => {
    // Act
    const distribution = distributionOf(template);
    const apiOrigin = (distribution.Origins as Record<string, any>[]).find((o) => o.Id === distribution.DefaultCacheBehavior.TargetOriginId)!;
    const routeFunctions = services.filter((s) => s.routes.length > 0).map((s) => s.name);
    const withToken = resourcesOf(template, 'AWS::Lambda::Function')
      .map(([, f]) => props(f))
      .filter((f) => f.Environment?.Variables?.[EDGE_ORIGIN_TOKEN_ENV] !== undefined);

    // Assess
    expect(apiOrigin.OriginCustomHeaders).toEqual([{ HeaderName: EDGE_ORIGIN_HEADER, HeaderValue: expect.anything() }]);
    expect(routeFunctions.every((s) => withToken.some((f) => String(f.FunctionName).startsWith(`minqing-demo-${s}-`)))).toBe(true);
    expect(JSON.stringify(apiOrigin.OriginCustomHeaders[0].HeaderValue)).toContain('AWS::StackId');
  });

  it('opens the page a QR code prints, the tracking page and the console from their files', () => {
    // Assess
    expect(rewrittenUri('/s/ST00123')).toBe('/assets/message.html');
    expect(rewrittenUri('/d/DP0042')).toBe('/assets/message.html');
    expect(rewrittenUri('/t/abcdefgh')).toBe('/assets/track.html');
    expect(rewrittenUri('/console')).toBe('/console/index.html');
    expect(rewrittenUri('/console/messages/m-1')).toBe('/console/index.html');
    expect(rewrittenUri('/console/assets/index-Ab12.js')).toBe('/console/assets/index-Ab12.js');
    expect(rewrittenUri('/assets/app.css')).toBe('/assets/app.css');
  });

  it('lets a browser call the API only from the console, whose origin is the public one', () => {
    // Act
    const cors = (t: typeof template) => props(resourcesOf(t, 'AWS::ApiGatewayV2::Api')[0]![1]).CorsConfiguration;

    // Assess
    expect(cors(ownTemplate).AllowOrigins).toEqual(['https://minqing.lufeng.example.cn']);
    expect(cors(template).AllowOrigins).toEqual([new URL(demo.publicBaseUrl).origin]);
  });

  it('makes the printed address the served one: with a domain, publicBaseUrl must be on it', () => {
    // Act
    const elsewhere = () =>
      otherCity('lufeng', { publicBaseUrl: 'https://other.example.cn', edge: { domain: 'minqing.lufeng.example.cn', certificateArn: CERTIFICATE } });
    const halfDone = () => otherCity('lufeng', { edge: { domain: 'minqing.lufeng.example.cn' } });

    // Assess
    expect(elsewhere).toThrow(/publicBaseUrl must be https:\/\/<edge.domain>/);
    expect(halfDone).toThrow(/the domain and its certificate together/);
  });

  it('keeps the edge in a nested stack of its own', () => {
    // Act
    const stacks = synthCityStackTemplates(demo, services, { nag: false });
    const edge = stacks.find((s) => s.path === 'Minqing-demo/Edge');

    // Assess
    expect(edge).toBeDefined();
    expect(resourcesOf(edge!.template, 'AWS::CloudFront::Distribution')).toHaveLength(1);
    expect(resourcesOf(stacks[0]!.template, 'AWS::CloudFront::Distribution')).toHaveLength(0);
  });
});

describe('the edge of a city outside us-east-1', () => {
  it('gets its web ACL from a us-east-1 stack of its own, which the city references across regions and deploys after', () => {
    // Prepare: a city in Hong Kong; CloudFront reads web ACLs only in us-east-1
    const config = otherCity('lufeng', { account: '123456789012', region: 'ap-east-1' });
    const { app, stack } = buildCityApp(config, [fixtureService], { nag: true });

    // Act: synth runs cdk-nag over both stacks
    const assembly = app.synth();
    const firewall = assembly.getStackByName(edgeFirewallStackName('lufeng'));
    const city = assembly.getStackByName('Minqing-lufeng');

    // Assess
    expect(firewall.environment).toMatchObject({ account: '123456789012', region: CLOUDFRONT_REGION });
    expect(resourcesOf(firewall.template, 'AWS::WAFv2::WebACL').map(([, acl]) => props(acl).Scope)).toEqual(['CLOUDFRONT']);
    expect(city.environment.region).toBe('ap-east-1');
    expect(city.dependencies.map((d) => d.id)).toContain(edgeFirewallStackName('lufeng'));
    expect(resourcesOf(city.template, 'Custom::CrossRegionExportReader')).toHaveLength(1);
    const edge = synthCityStackTemplates(config, [fixtureService], { nag: false }).find((s) => s.path === 'Minqing-lufeng/Edge')!;
    expect(resourcesOf(edge.template, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    expect(stack.edge.distribution).toBeDefined();
  });

  it('keeps the web ACL in the Edge stack of a city in us-east-1 or of no named region', () => {
    // Act
    const inUsEast1 = buildCityApp(otherCity('lufeng', { region: CLOUDFRONT_REGION }), [fixtureService], { nag: false }).app.synth();
    const anywhere = buildCityApp(demo, [fixtureService], { nag: false }).app.synth();

    // Assess
    expect(inUsEast1.stacks.map((s) => s.stackName)).toEqual(['Minqing-lufeng']);
    expect(anywhere.stacks.map((s) => s.stackName)).toEqual(['Minqing-demo']);
  });
});

describe('the upload of the static pages', () => {
  it("has its cdk-nag findings acknowledged on CDK's upload function only, and every other edge finding on the construct it concerns", () => {
    // Prepare: the AwsSolutions pack with every acknowledgement ignored
    const { app } = buildCityApp(demo, services, { nag: false });
    const pack = new AwsSolutionsChecks();
    Object.defineProperty(pack, 'isAcknowledged', { value: () => false });

    // Act
    const edgeFindings = pack
      .validateScope(app)
      .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })))
      .filter((f) => f.path.startsWith('Minqing-demo/Edge/'));
    const onUpload = edgeFindings.filter((f) => f.path.startsWith('Minqing-demo/Edge/Custom::CDKBucketDeployment'));

    // Assess
    expect(onUpload.map((f) => f.rule.replace(/<Static\w+\.Arn>/, '<bucket>')).sort()).toEqual(
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<bucket>/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'AwsSolutions-L1',
      ].sort(),
    );
    expect(edgeFindings.filter((f) => !onUpload.includes(f)).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'AwsSolutions-CFR1 Minqing-demo/Edge/Distribution/Resource',
      'AwsSolutions-CFR4 Minqing-demo/Edge/Distribution/Resource',
    ]);
  });
});

describe('the printed address', () => {
  it("puts the city's domain on QR codes and posters, on a path the edge opens as the message page", () => {
    // Prepare
    const city = otherCity('lufeng', {
      publicBaseUrl: 'https://minqing.lufeng.example.cn/',
      edge: { domain: 'minqing.lufeng.example.cn', certificateArn: CERTIFICATE },
    });

    // Act
    const printed = [messagePageUrl(city.publicBaseUrl, { stationCode: 'ST00123' }), messagePageUrl(city.publicBaseUrl, { deputyCode: 'DP0042' })].map(
      (url) => new URL(url),
    );

    // Assess
    for (const url of printed) {
      expect(url.origin).toBe('https://minqing.lufeng.example.cn');
      expect(rewrittenUri(url.pathname)).toBe('/assets/message.html');
    }
  });
});
