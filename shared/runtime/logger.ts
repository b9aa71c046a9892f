import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logger for one service. Log identifiers and outcomes only: never a request or
 * event body, a name, a phone number or message text (privacy rule; see docs/decisions.md).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName: `minqing-${serviceName}`,
    logLevel: (process.env.MINQING_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO') as 'INFO',
  });
}
