import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { CitizenTexts } from '../ports.ts';

/**
 * A citizen's appointment texts, sent by notifications' internal function `citizen-text` (only
 * participation is granted it): the phone goes over that one call, never on the bus or in a log.
 * An unreachable notifications counts as a failed send.
 */
export class NotificationsTexts implements CitizenTexts {
  constructor(
    private readonly invoke: InvokeInternal,
    private readonly onError: (error: Error) => void,
  ) {}

  async send(text: Parameters<CitizenTexts['send']>[0]): Promise<'sent' | 'not_configured' | 'failed'> {
    try {
      const { status } = await this.invoke<{ status: 'sent' | 'not_configured' | 'failed' }>('notifications', 'citizen-text', text);
      return status;
    } catch (error) {
      this.onError(error as Error);
      return 'failed';
    }
  }
}
