/** The CDK app builder and the merged city template, for tests under `services/` that synthesize a city stack through this folder. */
export { buildCityApp, type TemplateJson } from '../../infra/cdk/synth.ts';
export { mergedTemplate } from '../../infra/cdk/city-template.ts';
