import { bucketPolicies } from '../buckets';
import { isPublic, Statement } from '../policy';
import { Rule } from '../rule';
import { bucketName } from '../terraform';

/** True when the statement denies every S3 action to everyone on requests without TLS. */
function deniesInsecureTransport(s: Statement, name: string | undefined): boolean {
  if (s.effect !== 'Deny' || !isPublic(s) || s.hasNotAction) return false;
  if (!s.actions.some((a) => a === 's3:*' || a === '*')) return false;
  const bool = Object.entries(s.conditions).find(([op]) => op === 'Bool')?.[1] ?? {};
  const secure = Object.entries(bool).find(([k]) => k.toLowerCase() === 'aws:securetransport')?.[1] ?? [];
  if (!secure.includes('false')) return false;
  if (name === undefined || s.resources.includes('*')) return true;
  const arn = `arn:aws:s3:::${name}`;
  return s.resources.includes(arn) && (s.resources.includes(`${arn}/*`) || s.resources.includes(`${arn}*`));
}

/** OSB-S1: the bucket policy denies every request made without TLS. */
export const OSB_S1: Rule = {
  id: 'OSB-S1',
  title: 'Bucket policy denies requests without TLS',
  description:
    'S3 accepts plain HTTP unless a bucket policy denies it. A Deny of s3:* to "*" on aws:SecureTransport = false, on the bucket ' +
    'and its objects, keeps credentials and log contents off unencrypted connections.',
  help: 'Add the DenyInsecureTransport statement (bucketTlsOnlyStatement in modules/log-archive/policies.ts) to the bucket policy.',
  severity: 'medium',
  securityHubControl: 'S3.5',
  checkov: ['CKV_AWS_379'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, context) {
    const policies = bucketPolicies(bucket, context);
    if (policies.length === 0) return [{ message: 'has no bucket policy, so requests without TLS are allowed' }];
    const name = bucketName(bucket);
    const ok = policies.some((p) => (p.statements ?? []).some((s) => deniesInsecureTransport(s, name)));
    return ok
      ? []
      : [{ message: 'no bucket policy statement denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is "false"' }];
  },
};
