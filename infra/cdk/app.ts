/**
 * The CDK app (`cdk.json` runs `npx tsx infra/cdk/app.ts`): one `Minqing-<city>` stack for the
 * city named by `-c city=<name>` (default `demo`), with a nested stack per service manifest, and
 * the cdk-nag AwsSolutions checks on (any finding, in any of the stacks, fails synth).
 */
import { App } from 'aws-cdk-lib';
import { loadCityConfig } from '../../shared/city/config.ts';
import { services } from '../../services/manifests.ts';
import { enableNag } from './nag.ts';
import { addCityStack } from './synth.ts';

const app = new App();
const city: unknown = app.node.tryGetContext('city') ?? 'demo';
if (typeof city !== 'string') throw new Error('context "city" must be a city name, e.g. -c city=demo');
addCityStack(app, loadCityConfig(city), services);
enableNag(app);
app.synth();
