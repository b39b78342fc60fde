import { parsePolicyArgument, PolicyArgument } from './policy';
import { RuleContext, TerraformResource } from './rule';
import { blocks, bucketAttachments, bucketName, findBucket, isExpression, isTrue, str } from './terraform';

/** Facts about S3 buckets shared by the bucket and trail rules. */

/** The four settings of a full public access block. */
export const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** Canned ACLs that grant access beyond the bucket owner. */
const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

/** Why a bucket is not fully closed to the public: missing or partial public access block, public ACL. */
export function publicAccessProblems(bucket: TerraformResource, context: RuleContext): string[] {
  const problems: string[] = [];
  const blocksOf = bucketAttachments(bucket, 'aws_s3_bucket_public_access_block', context);
  if (blocksOf.length === 0) {
    problems.push('has no aws_s3_bucket_public_access_block');
  } else {
    const off = PUBLIC_ACCESS_FLAGS.filter((f) => !blocksOf.some((b) => isTrue(b.config[f])));
    if (off.length > 0) problems.push(`has a public access block without ${off.join(', ')} = true`);
  }
  const acls = [str(bucket.config.acl), ...bucketAttachments(bucket, 'aws_s3_bucket_acl', context).map((a) => str(a.config.acl))];
  const pub = acls.filter((a): a is string => a !== undefined && PUBLIC_ACLS.includes(a));
  if (pub.length > 0) problems.push(`has the public canned ACL ${pub.join(', ')}`);
  return problems;
}

/** True when the bucket sends S3 server access logs somewhere (`aws_s3_bucket_logging` or the legacy inline `logging` block). */
export function hasAccessLogging(bucket: TerraformResource, context: RuleContext): boolean {
  const attached = bucketAttachments(bucket, 'aws_s3_bucket_logging', context).some((l) => l.config.target_bucket !== undefined);
  return attached || blocks(bucket.config.logging).some((l) => l.target_bucket !== undefined);
}

/** The bucket's policies: every attached `aws_s3_bucket_policy` and the legacy inline `policy`. */
export function bucketPolicies(bucket: TerraformResource, context: RuleContext): PolicyArgument[] {
  const attached = bucketAttachments(bucket, 'aws_s3_bucket_policy', context).map((p) => parsePolicyArgument('policy', p.config.policy));
  return bucket.config.policy === undefined ? attached : [...attached, parsePolicyArgument('policy', bucket.config.policy)];
}

/** The bucket an `aws_cloudtrail` delivers to, when it is in one of the synthesized stacks. */
export function trailBucket(trail: TerraformResource, context: RuleContext): TerraformResource | undefined {
  return findBucket(trail.config.s3_bucket_name, trail.stack, context);
}

/**
 * Names of buckets that receive logs: trail destinations and S3 server access log targets. Data
 * events on them are excluded on purpose (recording CloudTrail's own writes to its bucket feeds
 * back into itself), so excluding them does not make data-event coverage partial.
 */
export function logBucketNames(context: RuleContext): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown, from: string) => {
    if (typeof value !== 'string') return;
    if (!isExpression(value)) names.add(value);
    const b = findBucket(value, from, context);
    const n = b ? bucketName(b) : undefined;
    if (n) names.add(n);
  };
  for (const t of context.resources('aws_cloudtrail')) add(t.config.s3_bucket_name, t.stack);
  for (const l of context.resources('aws_s3_bucket_logging')) add(l.config.target_bucket, l.stack);
  for (const b of context.resources('aws_s3_bucket')) for (const l of blocks(b.config.logging)) add(l.target_bucket, b.stack);
  return names;
}
