import { shallowRef, watch, type ShallowRef } from 'vue';
import { getMessage } from '../api/messages.ts';
import type { CaseView, MessageDetail } from '../api/types.ts';

/** The citizen's message behind a case, read once the case is known (reviewers and its unit may read it). */
export function useCaseMessage(current: ShallowRef<CaseView | undefined>): ShallowRef<MessageDetail | undefined> {
  const message = shallowRef<MessageDetail>();
  watch(
    current,
    (c) => {
      if (c?.messageId && !message.value)
        void getMessage(c.messageId)
          .then((m) => (message.value = m))
          .catch(() => undefined);
    },
    { immediate: true },
  );
  return message;
}
