import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { ENCRYPTION_CONTEXT_KEY } from '../../shared/crypto/field-cipher.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';

/** The role tag naming the service whose personal-data keys a role may use (the key policy reads it). */
export const PERSONAL_DATA_TAG = 'minqing-personal-data';

/**
 * What the account may do with the personal-data key without being a service that holds personal
 * data: manage it, never use it. No `kms:CreateGrant` (a grant would hand out decryption) and no
 * `kms:*`, so an administrator's `AdministratorAccess` does not decrypt phones.
 */
const KEY_ADMINISTRATION = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** The condition a service's data key request must meet: its role is tagged, and the context names that service. */
const ownServiceOnly = (match: 'StringEquals' | 'StringEqualsIfExists') => ({
  Null: { [`aws:PrincipalTag/${PERSONAL_DATA_TAG}`]: 'false' },
  [match]: { [`kms:EncryptionContext:${ENCRYPTION_CONTEXT_KEY}`]: `\${aws:PrincipalTag/${PERSONAL_DATA_TAG}}` },
});

/**
 * The city's KMS keys: one asymmetric P-256 key that signs access tokens (the private half never
 * leaves KMS; services verify with its public key), and one symmetric key that wraps the data keys
 * encrypting personal fields (phones, names). Both are retained: losing either would lock out
 * every account or every stored phone.
 *
 * The personal-data key's policy is written out rather than CDK's default (`kms:*` for the account,
 * which lets any administrator decrypt): the account administers it, and only roles tagged
 * {@link PERSONAL_DATA_TAG} use it, each for data keys whose encryption context names its own
 * service (decision 38).
 */
export class CityKeys extends Construct {
  readonly tokenSigning: Key;
  /** During a rotation, the key that signed before: its tokens are still verified, its public key published. */
  readonly previousTokenSigningKeyArn?: string;
  readonly personalData: Key;
  /** The city's HMAC key: the keyed hash of client addresses that per-source limits count under. */
  readonly sourceHash: Key;

  constructor(scope: Construct, id: string, props: { city: string; tokenSigning: CityConfig['tokenSigning'] }) {
    super(scope, id);
    // A rotation makes a new key under a new id and alias; the old one leaves the stack but stays in KMS (RETAIN).
    const { generation, previousKeyArn } = props.tokenSigning;
    const suffix = generation === 1 ? '' : `-${generation}`;
    this.previousTokenSigningKeyArn = previousKeyArn;
    this.tokenSigning = new Key(this, generation === 1 ? 'TokenSigning' : `TokenSigning${generation}`, {
      alias: `alias/minqing-${props.city}-token-signing${suffix}`,
      description: `Minqing ${props.city}: signs access tokens (ES256), generation ${generation}`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.tokenSigning, 'AwsSolutions-KMS5', NAG_REASONS.asymmetricKeyRotation);
    const account = new AccountRootPrincipal();
    this.personalData = new Key(this, 'PersonalData', {
      alias: `alias/minqing-${props.city}-personal-data`,
      description: `Minqing ${props.city}: wraps the data keys that encrypt personal fields`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({ sid: 'AdministerNotUse', principals: [account], actions: KEY_ADMINISTRATION, resources: ['*'] }),
          new PolicyStatement({
            sid: 'NewDataKeysForOwnService',
            principals: [account],
            actions: ['kms:GenerateDataKey'],
            resources: ['*'],
            conditions: ownServiceOnly('StringEquals'),
          }),
          // Values written before contexts were bound (`v1`) have data keys without a context.
          new PolicyStatement({
            sid: 'OpenDataKeysOfOwnService',
            principals: [account],
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: ownServiceOnly('StringEqualsIfExists'),
          }),
        ],
      }),
    });
    // HMAC keys do not rotate in KMS; replacing it only restarts the hourly counts.
    this.sourceHash = new Key(this, 'SourceHash', {
      alias: `alias/minqing-${props.city}-source-hash`,
      description: `Minqing ${props.city}: keys the hash of client addresses counted by the per-source limits (HMAC-SHA-256)`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * Lets a service's role wrap and unwrap personal-data keys bound to that service only: the role
   * is tagged for the key policy, and its own policy carries the same condition.
   */
  grantPersonalData(role: IRole, service: string): void {
    Tags.of(role).add(PERSONAL_DATA_TAG, service);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [this.personalData.keyArn],
        conditions: { StringEquals: { [`kms:EncryptionContext:${ENCRYPTION_CONTEXT_KEY}`]: service } },
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.personalData.keyArn],
        conditions: { StringEqualsIfExists: { [`kms:EncryptionContext:${ENCRYPTION_CONTEXT_KEY}`]: service } },
      }),
    );
  }
}
