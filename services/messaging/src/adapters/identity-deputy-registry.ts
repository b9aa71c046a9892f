import type { InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { DeputyRegistry } from '../ports.ts';

/**
 * Identity's directory through its internal function `deputy-in-office`. When identity cannot be
 * asked, the deputy counts as unknown: the citizen is told so, as before this question existed.
 */
export class IdentityDeputyRegistry implements DeputyRegistry {
  constructor(
    private readonly invoke: InvokeInternal,
    private readonly onUnavailable: (error: Error) => void = () => {},
  ) {}

  async inOffice(deputyCode: string): Promise<boolean> {
    try {
      const answer = await this.invoke<{ inOffice: boolean }>('identity', 'deputy-in-office', { deputyCode });
      return answer.inOffice === true;
    } catch (error) {
      this.onUnavailable(error as Error);
      return false;
    }
  }
}
