import { recordedSends } from '../../services/notifications/src/adapters/channels/recording-channel.ts';

/**
 * The parameters of the last text of a template the local platform recorded (its SMS request's
 * `TemplateParam`): what a citizen would read, e.g. an SMS code. The phone there is masked.
 */
export function lastTextParams(template: string): Record<string, string> {
  const sent = recordedSends().findLast((s) => s.template === template);
  if (!sent) throw new Error(`no ${template} text recorded`);
  return JSON.parse((sent.request as { TemplateParam: string }).TemplateParam);
}
