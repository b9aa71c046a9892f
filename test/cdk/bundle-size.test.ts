import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_BYTES, LAMBDA_BUNDLE } from '../../infra/cdk/bundling.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';

/** Every file a Lambda function is bundled from, over every service of a city stack. */
function handlerFiles(): string[] {
  const files = new Set<string>();
  for (const service of services) {
    const uses = [
      ...service.routes,
      ...service.subscriptions,
      ...service.schedules,
      ...(service.internalFunctions ?? []),
      ...(service.workQueues ?? []),
      ...(service.firstStart ? [service.firstStart] : []),
    ];
    for (const use of uses) files.add(use.handler.file);
  }
  return [...files].sort();
}

describe('the Lambda bundles', () => {
  it('keep every function within 1 MB and ship no source map', async () => {
    // Prepare
    const files = handlerFiles();

    // Act: one esbuild run with the settings CDK bundles with (infra/cdk/bundling.ts)
    const result = await build({
      entryPoints: files,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_BUNDLE.target,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      minify: LAMBDA_BUNDLE.minify,
      sourcemap: LAMBDA_BUNDLE.sourceMap,
      external: [...LAMBDA_BUNDLE.runtimeProvided],
      banner: { js: LAMBDA_BUNDLE.banner },
      define: { __MINQING_CITY_CONFIG__: JSON.stringify(JSON.stringify(loadCityConfig('demo'))) },
      outdir: 'bundles',
      write: false,
      logLevel: 'silent',
    });

    // Assess
    const sizes = result.outputFiles.map((file) => ({ file: file.path, bytes: file.contents.byteLength }));
    expect(sizes.length).toBe(files.length);
    expect(sizes.filter((s) => s.file.endsWith('.map'))).toEqual([]);
    expect(sizes.filter((s) => s.bytes > BUNDLE_BUDGET_BYTES)).toEqual([]);
  }, 180_000);
});
