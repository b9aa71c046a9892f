/**
 * How every Lambda function is bundled (esbuild through CDK's NodejsFunction): one ESM file per
 * handler, minified, for Node.js 24. A test bundles every handler with these same settings and
 * holds each to the size budget (test/cdk/bundle-size.test.ts).
 */

/**
 * ESM output needs `require` for the CommonJS packages esbuild inlines
 * (https://github.com/evanw/esbuild/issues/1921).
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The settings CDK's bundling and the size test share. */
export const LAMBDA_BUNDLE = {
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  banner: ESM_REQUIRE_BANNER,
  /**
   * Packages left out of the bundle because the Node.js runtime provides them: the AWS SDK v3
   * (about half of each bundle when inlined).
   */
  runtimeProvided: ['@aws-sdk/*'],
  /**
   * No source maps in the deployed bundle: a map as large as the bundle would ship with every
   * function, and `--enable-source-maps` parses it on every cold start. A stack trace is mapped
   * after the fact by bundling the same commit with `sourcemap` on.
   */
  sourceMap: false,
} as const;

/** The largest bundle a function may have, in bytes. */
export const BUNDLE_BUDGET_BYTES = 1_000_000;
