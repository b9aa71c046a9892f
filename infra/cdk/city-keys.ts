import { RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, NAG_REASONS } from './nag.ts';

/**
 * The city's KMS keys: one asymmetric P-256 key that signs access tokens (the private half never
 * leaves KMS; services verify with its public key), and one symmetric key that wraps the data keys
 * encrypting personal fields (phones, names). Both are retained: losing either would lock out
 * every account or every stored phone.
 */
export class CityKeys extends Construct {
  readonly tokenSigning: Key;
  readonly personalData: Key;

  constructor(scope: Construct, id: string, props: { city: string }) {
    super(scope, id);
    this.tokenSigning = new Key(this, 'TokenSigning', {
      alias: `alias/minqing-${props.city}-token-signing`,
      description: `Minqing ${props.city}: signs access tokens (ES256)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.tokenSigning, 'AwsSolutions-KMS5', NAG_REASONS.asymmetricKeyRotation);
    this.personalData = new Key(this, 'PersonalData', {
      alias: `alias/minqing-${props.city}-personal-data`,
      description: `Minqing ${props.city}: wraps the data keys that encrypt personal fields`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
