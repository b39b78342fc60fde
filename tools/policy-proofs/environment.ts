import type { BaselineConfig } from '../../config/schema';
import { BaselineNames, baselineNames } from '../../stacks/names';

/** A policy document as IAM JSON. */
export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** Synthesized Terraform JSON of one stack. */
export type StackJson = Record<string, any>;

/** Everything a proof needs: who is who, and every policy resolved to concrete ARNs. */
export interface ProofEnvironment {
  readonly organizationId: string;
  readonly region: string;
  readonly accounts: { readonly management: string; readonly logArchive: string; readonly audit: string };
  readonly names: BaselineNames;
  /** Prefix of GuardDuty's findings export in the log bucket. */
  readonly guardDutyExportPrefix: string;
  /** A stand-in for the generated key ID (the policies never name it). */
  readonly logKeyArn: string;
  readonly deliveryRoleArn: string;
  readonly logBucketPolicy: PolicyJson;
  readonly logKeyPolicy: PolicyJson;
  readonly securityTopicPolicy: PolicyJson;
  readonly deliveryRoleTrustPolicy: PolicyJson;
  /** The guardrail SCPs (empty when guardrails are off). */
  readonly scps: readonly { readonly name: string; readonly policy: PolicyJson }[];
}

/** The three synthesized stacks. */
export interface SynthesizedStacks {
  readonly logArchive: StackJson;
  readonly audit: StackJson;
  readonly management: StackJson;
}

/** The resources of one type in a synthesized stack. */
export function resources(json: StackJson, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** Parses a policy attribute, refusing anything Terraform would only know after apply. */
export function concrete(where: string, text: unknown): PolicyJson {
  if (typeof text !== 'string') throw new Error(`${where}: no policy document`);
  if (text.includes('${')) throw new Error(`${where}: policy is not fully known at plan time: ${text.match(/\$\{[^}]*\}/)?.[0]}`);
  return JSON.parse(text) as PolicyJson;
}

/** The single element of a list, or an error naming what was expected. */
export function one<T>(where: string, list: T[]): T {
  if (list.length !== 1) throw new Error(`${where}: expected exactly one, found ${list.length}`);
  return list[0];
}

const mentions = (policy: string | undefined, arn: string) => typeof policy === 'string' && policy.includes(`"${arn}"`);

/** Resolves the policies of the synthesized stacks for a configuration. */
export function proofEnvironment(config: BaselineConfig, stacks: SynthesizedStacks): ProofEnvironment {
  const names = baselineNames(config);
  const la = config.accounts.logArchive.id;
  const region = config.organization.homeRegion;

  const logBucketId = Object.entries(stacks.logArchive.resource.aws_s3_bucket as Record<string, any>).find(([, b]) => b.bucket === names.logBucketName)?.[0];
  const bucketPolicy = one(
    'log bucket policy',
    resources(stacks.logArchive, 'aws_s3_bucket_policy').filter((p) => p.bucket === `\${aws_s3_bucket.${logBucketId}.id}`),
  );

  const deliveryRole = one('delivery role', resources(stacks.management, 'aws_iam_role').filter((r) => mentions(r.assume_role_policy, 'cloudtrail.amazonaws.com')));
  const topicPolicy = one('security topic policy', resources(stacks.audit, 'aws_sns_topic_policy').filter((p) => mentions(p.policy, names.securityTopicArn)));

  return {
    organizationId: config.organization.id,
    region,
    accounts: { management: config.organization.managementAccountId, logArchive: la, audit: config.accounts.audit.id },
    names,
    guardDutyExportPrefix: config.guardDuty.exportKeyPrefix,
    logKeyArn: `arn:aws:kms:${region}:${la}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
    deliveryRoleArn: `arn:aws:iam::${config.organization.managementAccountId}:role/${deliveryRole.name}`,
    logBucketPolicy: concrete('log bucket policy', bucketPolicy.policy),
    logKeyPolicy: concrete('log key policy', one('log key', resources(stacks.logArchive, 'aws_kms_key')).policy),
    securityTopicPolicy: concrete('security topic policy', topicPolicy.policy),
    deliveryRoleTrustPolicy: concrete('delivery role trust policy', deliveryRole.assume_role_policy),
    scps: resources(stacks.management, 'aws_organizations_policy').map((p) => ({ name: p.name, policy: concrete(`SCP ${p.name}`, p.content) })),
  };
}
