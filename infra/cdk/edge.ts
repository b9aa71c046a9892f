import { existsSync } from 'node:fs';
import { DefaultStackSynthesizer, Duration, Fn, NestedStack, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as EdgeFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import type { ServiceManifest } from '../../shared/runtime/manifest.ts';
import { EDGE_ORIGIN_HEADER } from '../../shared/runtime/client-address.ts';
import { PAGE_HEADERS } from '../../shared/runtime/web-files.ts';
import { CONSOLE_SECURITY_HEADERS } from '../../services/console/server/console-pages.ts';
import type { CityApi } from './city-api.ts';
import { EdgeFirewall } from './edge-firewall.ts';
import { EDGE_REWRITE_SOURCE } from './edge-rewrite.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';

/**
 * The folders served from the bucket, by the route that serves them from a function otherwise:
 * the citizen pages' files under `assets/` and the built console under `console/`.
 */
export const STATIC_ROUTES = { 'GET /assets/{code}': 'assets', 'GET /console/{path+}': 'console' } as const;

/** Paths CloudFront sends to the bucket (the rest goes to the API). */
export const STATIC_PATHS = ['/assets/*', '/console', '/console/*', '/s/*', '/d/*', '/t/*'] as const;

/** A folder of static files and the key prefix it is uploaded under. */
export interface StaticFolder {
  readonly prefix: string;
  readonly dir: string;
}

/** The static folders the manifests serve (each route of {@link STATIC_ROUTES} with a `copyDir`). */
export function staticFolders(manifests: readonly ServiceManifest[]): StaticFolder[] {
  const folders: StaticFolder[] = [];
  for (const route of manifests.flatMap((m) => m.routes)) {
    const prefix = STATIC_ROUTES[`${route.method} ${route.path}` as keyof typeof STATIC_ROUTES];
    if (prefix && route.handler.copyDir) folders.push({ prefix, dir: route.handler.copyDir });
  }
  return folders;
}

/** Properties of {@link CityEdge}. */
export interface CityEdgeProps {
  readonly config: CityConfig;
  readonly api: CityApi;
  readonly folders: readonly StaticFolder[];
  /** The web ACL made in us-east-1 for a city deployed elsewhere; absent, the edge makes its own. */
  readonly webAclArn?: string;
}

/**
 * The city's edge, as its own nested stack: one CloudFront distribution on the city's domain (from
 * the config, with its us-east-1 certificate; without one, on the distribution's own name) serving
 * the citizen pages and the console from a private S3 bucket and everything else from the HTTP API,
 * behind an AWS WAF web ACL (AWS's common rule set and a rate-based rule per address). Pages and API
 * share one origin, so the console needs no cross-origin call.
 *
 * CloudFront reads web ACLs only in us-east-1: a city deployed in another region gets its web ACL
 * from a small us-east-1 stack of its own (`edge-firewall.ts`); the certificate is one the
 * config names, issued there beforehand.
 */
export class CityEdge extends NestedStack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The web ACL in front of the distribution (made here, or in the city's us-east-1 stack). */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: CityEdgeProps) {
    const { config, api } = props;
    super(scope, id, { description: `Minqing edge of ${config.name}: CloudFront, WAF, static pages` });
    // Outside us-east-1 the web ACL is made by the city's us-east-1 stack (edge-firewall.ts); here otherwise.
    this.webAclArn = props.webAclArn ?? new EdgeFirewall(this, 'Firewall', { config }).webAcl.attrArn;

    // Access logs of the bucket and of CloudFront (which writes with ACLs, hence the ownership).
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Static', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'static/',
      // Only built files live here, but CloudFormation cannot delete a bucket that holds any: it stays, emptied by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const rewrite = new EdgeFunction(this, 'Rewrite', { code: FunctionCode.fromInline(EDGE_REWRITE_SOURCE), comment: 'Page paths to their files' });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    // The bucket sends no headers of its own: the pages' security headers are the ones their functions send.
    const staticBehavior = (responseHeadersPolicy: ResponseHeadersPolicy): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      responseHeadersPolicy,
    });
    const citizenPages = staticBehavior(securityHeaders(this, 'PageHeaders', PAGE_HEADERS['content-security-policy']));
    const consolePages = staticBehavior(securityHeaders(this, 'ConsoleHeaders', CONSOLE_SECURITY_HEADERS['content-security-policy']));
    // The API's host name: `https://<id>.execute-api.<region>.amazonaws.com` without the scheme.
    const apiHost = Fn.select(2, Fn.split('/', api.api.apiEndpoint));
    const domain = config.edge.domain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Minqing ${config.name}`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: this.webAclArn,
      // Everything that is not a static file is the API's (`/v1/*`, the JWKS, participation's pages):
      // never cached, every method, every viewer header but Host (API Gateway answers only to its
      // own), and with caching disabled that all-viewer policy forwards `Authorization` too.
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          // Replaces any viewer's header of that name: only CloudFront's requests carry the token.
          customHeaders: { [EDGE_ORIGIN_HEADER]: api.edgeOriginToken },
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: Object.fromEntries(STATIC_PATHS.map((path) => [path, path.startsWith('/console') ? consolePages : citizenPages])),
      ...(domain
        ? {
            domainNames: [domain],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', config.edge.certificateArn!),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', NAG_REASONS.noGeoRestriction);
    if (!domain) acknowledge(this.distribution, 'AwsSolutions-CFR4', NAG_REASONS.defaultCloudFrontCertificate);

    for (const folder of props.folders) {
      // Tests synthesize without building anything; a deploy (bundling on) needs the built files.
      if (!existsSync(folder.dir) && this.bundlingRequired) throw new Error(`${folder.dir} is not built: npx tsx services/console/build.ts`);
      const source = existsSync(folder.dir) ? Source.asset(folder.dir, { exclude: ['.built'] }) : Source.data('.not-built', '');
      new BucketDeployment(this, `Upload-${folder.prefix}`, {
        sources: [source],
        destinationBucket: this.bucket,
        destinationKeyPrefix: `${folder.prefix}/`,
        distribution: this.distribution,
        distributionPaths: [`/${folder.prefix}/*`],
      });
    }
    const upload = this.uploadFunction;
    if (upload)
      for (const finding of bucketDeploymentFindings(this.getLogicalId(this.bucket.node.defaultChild as CfnBucket), this.account, this.region))
        acknowledge(upload, finding, NAG_REASONS.bucketDeployment);
  }

  /**
   * The function CDK provides for the uploads (one per stack, shared by every BucketDeployment):
   * it runs only while CloudFormation deploys, so it is no service function and carries none of
   * their alarms, tracing or concurrency settings. Absent when nothing is uploaded.
   */
  get uploadFunction(): IConstruct | undefined {
    return this.node.children.find((c) => c.node.id.startsWith(BUCKET_DEPLOYMENT_ID_PREFIX));
  }
}

/**
 * The headers a page served from the bucket carries, as when a function serves it: its content
 * security policy, no sniffing, no framing, no referrer, and HTTPS only from then on.
 */
function securityHeaders(scope: Construct, id: string, contentSecurityPolicy: string): ResponseHeadersPolicy {
  return new ResponseHeadersPolicy(scope, id, {
    comment: 'Security headers of the static pages',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
    },
  });
}

/** A value as cdk-nag prints it: itself when the stack knows it, else the placeholder of its token. */
function known(value: string, placeholder: string): string {
  return Token.isUnresolved(value) ? placeholder : value;
}

/** How CDK names the singleton function of its BucketDeployment construct. */
const BUCKET_DEPLOYMENT_ID_PREFIX = 'Custom::CDKBucketDeployment';

/**
 * The cdk-nag findings on the upload function's role, each acknowledged by id: its basic execution
 * managed policy, the wildcard S3 actions CDK grants on the static bucket's objects and on the CDK
 * asset bucket, CloudFront's invalidation actions, which take no resource but `*`, and the Lambda
 * runtime CDK chose for it.
 */
function bucketDeploymentFindings(staticBucketLogicalId: string, account: string, region: string): string[] {
  // The asset bucket's name carries the account and region when the config names them.
  const assets = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${known(account, '<AWS::AccountId>')}-${known(region, '<AWS::Region>')}`;
  return [
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => `AwsSolutions-IAM5[Action::${action}]`),
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assets}/*]`,
    `AwsSolutions-IAM5[Resource::<${staticBucketLogicalId}.Arn>/*]`,
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-L1',
  ];
}
