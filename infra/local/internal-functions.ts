import { resourceNames, type InternalFunctionSpec, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import type { LocalFunctionInvoker, LocalInvokeResult } from './aws-endpoint.ts';
import type { LocalLambdaRuntime } from './lambda-runtime.ts';

/** An internal function of a service, as the local platform runs it. */
export interface LocalInternalFunction {
  functionName: string;
  service: string;
  spec: InternalFunctionSpec;
}

/**
 * The manifests' internal functions behind the local Invoke emulation: each runs only for the
 * services its spec lists as callers, as the stack's `grantInvoke` decides in AWS.
 */
export function internalFunctions(
  services: readonly ServiceManifest[],
  runtime: LocalLambdaRuntime,
): LocalFunctionInvoker & { functions: LocalInternalFunction[] } {
  const functions = services.flatMap((service) =>
    (service.internalFunctions ?? []).map((spec) => ({
      functionName: resourceNames.function(service.name, 'internal', spec.name),
      service: service.name,
      spec,
    })),
  );
  return {
    functions,
    async invoke(functionName: string, caller: string | undefined, payload: unknown): Promise<LocalInvokeResult> {
      const fn = functions.find((f) => f.functionName === functionName);
      if (!fn) return { kind: 'not-found', message: `Function not found: ${functionName}` };
      if (!caller || !fn.spec.callers.includes(caller)) {
        return { kind: 'denied', message: `${caller ?? 'an unnamed caller'} is not authorized to invoke ${functionName}` };
      }
      try {
        return { kind: 'ok', payload: await runtime.invoke(functionName, fn.spec.handler, payload) };
      } catch (error) {
        return { kind: 'function-error', errorType: (error as Error).name || 'Error' };
      }
    },
  };
}
