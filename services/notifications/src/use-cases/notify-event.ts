import { TransientError } from '../../../../shared/runtime/errors.ts';
import type { DeputyFacts, MessageFacts } from '../domain/read-model.ts';
import { noticesFor, type NoticeContext, type Trigger } from '../domain/recipients.ts';
import type { ReadModel } from '../ports.ts';
import { dispatch, type DispatchPorts, type DispatchSummary, type NoticeSource } from './dispatch.ts';

/**
 * Some deliveries of an event must be tried again: the consumer fails the record so that SQS
 * redelivers it after the visibility timeout, until its deliveries exhaust their attempts and the
 * event moves to the DLQ. The message carries counts only.
 */
export class DeliveryRetryError extends TransientError {
  constructor(readonly summary: DispatchSummary) {
    super(
      summary.exhausted > 0
        ? `${summary.exhausted} deliveries exhausted their attempts; the event goes to the dead-letter queue`
        : `${summary.retry + summary.busy} deliveries will be tried again`,
    );
    this.name = 'DeliveryRetryError';
  }
}

/**
 * The event concerns a message whose MessageSubmitted has not been consumed yet (events arrive in
 * any order): retried on redelivery, by when it has; dead-lettered if it never comes.
 */
export class MessageNotKnownYetError extends TransientError {
  constructor() {
    super('the message this event concerns is not known yet');
    this.name = 'MessageNotKnownYetError';
  }
}

export interface NotifyPorts extends DispatchPorts {
  readModel: ReadModel;
  city: string;
  cityFacts: NoticeContext['city'];
}

/**
 * Notifies everyone an event concerns. The facts later events need are recorded first, so a send
 * that fails never loses them; then who-gets-what decides, and the deliveries go out.
 */
export async function notifyEvent(ports: NotifyPorts, trigger: Trigger, source: NoticeSource, now: Date): Promise<DispatchSummary> {
  if (trigger.detailType === 'MessageWeChatBound' || trigger.detailType === 'MessageWeChatUnbound') {
    const d = trigger.data;
    await ports.readModel.recordCitizenWeChat(d.messageId, 'boundAt' in d, 'boundAt' in d ? d.boundAt : d.unboundAt);
    return dispatch(ports, [], source, now);
  }
  let message: MessageFacts | undefined;
  if (trigger.detailType === 'MessageSubmitted') {
    const d = trigger.data;
    message = {
      messageId: d.messageId,
      trackingCode: d.trackingCode,
      category: d.category,
      ...(d.deputyCode ? { deputyCode: d.deputyCode } : {}),
      ...(d.townshipCode ? { townshipCode: d.townshipCode } : {}),
      citizenCanBeTexted: d.citizenCanBeTexted,
      heldForReview: d.heldForReview,
    };
    await ports.readModel.recordMessage(message);
  } else if ('messageId' in trigger.data && trigger.data.messageId) {
    message = await ports.readModel.message(trigger.data.messageId);
    // Whether the citizen can be texted, and the tracking code, come only from MessageSubmitted.
    if (!message && (trigger.detailType === 'MessageReplied' || trigger.detailType === 'CaseResolved' || trigger.detailType === 'MessageRatingReminderDue')) {
      throw new MessageNotKnownYetError();
    }
  }
  const deputyCode =
    trigger.detailType === 'MessageReplyOverdue' || trigger.detailType === 'CaseOverdue' || trigger.detailType === 'DeputyFlagged'
      ? trigger.data.deputyCode
      : undefined;
  const deputy: DeputyFacts | undefined = deputyCode ? await ports.readModel.deputy(deputyCode) : undefined;

  const notices = noticesFor(trigger, { message, deputy, city: ports.cityFacts });
  const summary = await dispatch(ports, notices, source, now);
  if (summary.retry + summary.busy + summary.exhausted > 0) throw new DeliveryRetryError(summary);
  return summary;
}
