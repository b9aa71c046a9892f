/** The CDK app builder, for tests under `services/` that synthesize a city stack through this folder. */
export { buildCityApp, type TemplateJson } from '../../infra/cdk/synth.ts';
