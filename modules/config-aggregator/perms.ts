/** Named constants of the config-aggregator capability. */

/**
 * The AWS managed policy an organization aggregator's role needs (read the organization's accounts).
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSConfigRoleForOrganizations.html
 */
export const AGGREGATOR_MANAGED_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations';

/**
 * Service principals the audit account administers AWS Config for: the aggregator
 * (`config.amazonaws.com`) and organization rules and conformance packs
 * (`config-multiaccountsetup.amazonaws.com`).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html
 */
export const CONFIG_DELEGATED_ADMIN_PRINCIPALS = ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'] as const;
