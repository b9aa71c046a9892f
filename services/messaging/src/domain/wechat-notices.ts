import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import { MessageWeChatBound, MessageWeChatUnbound } from '../../../../shared/events/messaging/index.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { Message } from './message.ts';

/**
 * 微信接收进展通知: the citizen, on the tracking page opened inside WeChat, chooses to be told of the
 * message's progress there. The message records since when (what the tracking page and the events
 * say); the openid itself is a secret kept encrypted beside it, replaced by a later choice.
 * A message whose personal data was erased takes no new contact.
 */
export function bindWeChat(message: Message, now: Date): Transition<Message> {
  refuseIfErased(message);
  const at = now.toISOString();
  return { next: { ...message, wechatSince: at }, emitted: [emit(MessageWeChatBound, { messageId: message.messageId, boundAt: at })] };
}

/** 取消微信通知: nothing more goes to the citizen's WeChat (SMS again if they left a phone). Undefined when it was not on. */
export function unbindWeChat(message: Message, now: Date): Transition<Message> | undefined {
  if (!message.wechatSince) return undefined;
  const { wechatSince: _since, ...rest } = message;
  return { next: rest, emitted: [emit(MessageWeChatUnbound, { messageId: message.messageId, unboundAt: now.toISOString() })] };
}

/** 409 `CONTACT_ERASED`: a message whose personal data was erased (retention or request) takes no new contact. */
export function refuseIfErased(message: Message): void {
  if (message.contactErasedAt) throw new ConflictError("This message's personal data was erased; it takes no new contact.", 'CONTACT_ERASED');
}
