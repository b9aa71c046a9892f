import { CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alias, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { consoleOrigin } from '../../shared/city/edge.ts';
import type { HttpMethod as ManifestMethod } from '../../shared/runtime/manifest.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import { CORS } from '../../shared/runtime/cors.ts';

/**
 * Access log line of the HTTP API, as JSON. Identifiers and outcomes only: no source IP, user
 * agent, path parameters or query string, so the log carries no personal data.
 * Variables: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
});

/** Properties of a {@link CityApi}. */
export interface CityApiProps {
  readonly config: CityConfig;
}

/**
 * The city's HTTP API (API Gateway v2): a `$default` stage with the config's throttling and JSON
 * access logs. Services add their routes with {@link CityApi.addRoute}, in their own stacks.
 */
export class CityApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /**
   * What CloudFront sends the API in `X-Minqing-Edge` and the functions compare it with, so they
   * believe its report of the viewer's address (shared/runtime/client-address.ts): the unique part
   * of the city stack's id, made by CloudFormation, known to no caller and written to no output.
   */
  readonly edgeOriginToken: string;
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();
  private readonly routeKeys = new Set<string>();

  constructor(scope: Construct, id: string, props: CityApiProps) {
    super(scope, id);
    const { config } = props;
    this.edgeOriginToken = Fn.select(2, Fn.split('/', Stack.of(this).stackId));
    this.api = new HttpApi(this, 'Api', {
      apiName: cityResourceName(config.name, ['api'], NAME_LIMITS.api),
      description: `Minqing HTTP API of ${config.name}`,
      createDefaultStage: false,
      // API Gateway answers preflights itself (they never reach a function), as the local gateway does.
      corsPreflight: {
        // Only the console calls the API from a browser, from the public origin (API Gateway's answer wins over the handlers' `*`).
        allowOrigins: [consoleOrigin(config.publicBaseUrl)],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: [...CORS.allowHeaders],
        exposeHeaders: [...CORS.exposeHeaders],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
      },
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${cityResourceName(config.name, ['api-access'], NAME_LIMITS.logGroup)}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    // Stage-level default route throttling applies to every route of the API
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.rateLimitPerSecond, burstLimit: config.api.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    new CfnOutput(this, 'Url', { value: this.stage.url, description: 'Base URL of the HTTP API' });
  }

  /**
   * Routes `METHOD /path` to a function (payload format 2.0); one integration per function. The
   * route, its integration and the function's invoke permission are created under `scope`, so they
   * live in the stack of the service that owns the function, not in the API's.
   */
  addRoute(scope: Construct, method: ManifestMethod, path: string, fn: IFunction): HttpRoute {
    const routeKey = `${method} ${path}`;
    if (this.routeKeys.has(routeKey)) throw new Error(`route ${routeKey} is declared by more than one handler`);
    this.routeKeys.add(routeKey);
    let integration = this.integrations.get(fn);
    if (!integration) {
      // An alias (intake's `live`) is named after its function's construct, as the function is.
      const named = fn instanceof Alias ? fn.lambda : fn;
      integration = new HttpLambdaIntegration(`${named.node.scope?.node.id ?? named.node.id}${fn instanceof Alias ? `-${fn.aliasName}` : ''}-Integration`, fn);
      this.integrations.set(fn, integration);
    }
    // The id HttpApi.addRoutes would give it: `GET--v1--notes--{id}`.
    const route = new HttpRoute(scope, `${method}${path}`.replace(/\//g, '--'), {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(path, HttpMethod[method]),
      integration,
    });
    acknowledge(route, 'AwsSolutions-APIG4', NAG_REASONS.apiAuthorization);
    return route;
  }
}
