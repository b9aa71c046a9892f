import { Agent } from 'node:http';

/**
 * SDK client settings for an endpoint of the local platform (dynalite, the local bus): loopback,
 * kept-alive connections, placeholder credentials, and a placeholder instead of a SigV4 signature —
 * dynalite wants an Authorization header of the right shape but checks no signature, and signing
 * every call costs the local pipeline a noticeable share of its CPU.
 * Never used in AWS, where the endpoint variables are unset.
 */
const PLACEHOLDER_DATE = '20260101T000000Z';
const PLACEHOLDER_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

export function localEndpointConfig(endpoint: string) {
  return {
    endpoint,
    region: process.env.AWS_REGION ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
    signer: {
      sign: async <R extends { headers: Record<string, string> }>(request: R) => {
        request.headers['x-amz-date'] = PLACEHOLDER_DATE;
        request.headers.authorization = PLACEHOLDER_AUTHORIZATION;
        return request;
      },
    },
  };
}
