import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * The aliased AWS provider a construct deploys with. Every module takes one and passes it to
 * each child resource, so the account a resource lands in is never left to a default.
 */
export type ProviderRef = AwsProvider;
