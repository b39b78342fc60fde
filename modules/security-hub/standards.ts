/**
 * Security Hub standards the baseline enables, by ARN for a region of the commercial partition.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */

/** The partition of a region (the baseline accepts commercial regions only). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** AWS Foundational Security Best Practices v1.0.0. */
export function fsbpStandardArn(region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/** CIS AWS Foundations Benchmark v3.0.0. */
export function cisV3StandardArn(region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
}

/** The standards of the baseline's configuration policy. */
export function baselineStandardArns(region: string): string[] {
  return [fsbpStandardArn(region), cisV3StandardArn(region)];
}
