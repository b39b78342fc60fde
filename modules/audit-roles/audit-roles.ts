import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, renderTrustPolicy, roleArn, throwIfInvalid, toPolicyJson } from '../iam';
import { CloudFormationTemplate, subPseudoParameters, TemplateValue } from '../stack-sets';
import { ADMINISTRATOR_ACCESS, READ_ONLY_ACCESS } from './perms';
import { assumeMemberRoleStatements, auditRoleTrustStatements, denyDataReadStatements, memberRoleTrustStatements, permissionSetRolePattern } from './policies';

/** Who may assume one audit role. */
export interface AuditRolePrincipals {
  /** IAM Identity Center permission sets (names) whose roles in the audit account may assume it. */
  readonly permissionSets: readonly string[];
  /** Exact role ARNs that may assume it. */
  readonly roleArns: readonly string[];
}

/** Names and session settings shared by the audit roles and the member execution roles. */
export interface AuditRoleNames {
  /** Name of the audit account role with administrator access. */
  readonly administratorRoleName: string;
  /** Name of the audit account role with read-only access. */
  readonly readOnlyRoleName: string;
  /** Name of the execution role in every member account that the administrator role may assume. */
  readonly memberAdministratorRoleName: string;
  /** Name of the execution role in every member account that the read-only role may assume. */
  readonly memberReadOnlyRoleName: string;
  /** Seconds, 3,600-43,200. */
  readonly maxSessionDurationSeconds: number;
}

export interface AuditRolesProps extends AuditRoleNames {
  /** Provider of the audit account. */
  readonly provider: ProviderRef;
  /** The audit account ID. */
  readonly accountId: string;
  /** Who may assume the administrator role (permission sets or role ARNs; never a wildcard). */
  readonly administrators: AuditRolePrincipals;
  /** Who may assume the read-only role (permission sets or role ARNs; never a wildcard). */
  readonly readers: AuditRolePrincipals;
}

const EXACT_ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * `AuditAdministratorRole` and `AuditReadOnlyRole` in the audit account (seed 002), tightened:
 * each is assumable only by the principals named in config (IAM Identity Center permission-set
 * roles of the audit account, or exact role ARNs), never by `*` or a service; each may assume
 * only its own member execution role. The read-only role reads configuration, not data.
 */
export class AuditRoles extends Construct {
  readonly administratorRole: IamRole;
  readonly readOnlyRole: IamRole;
  /** Trust and identity statements by role, for the policy proofs. */
  readonly statements: {
    readonly administratorTrust: readonly PolicyStatement[];
    readonly readOnlyTrust: readonly PolicyStatement[];
    readonly administratorPolicy: readonly PolicyStatement[];
    readonly readOnlyPolicy: readonly PolicyStatement[];
  };

  constructor(scope: Construct, id: string, props: AuditRolesProps) {
    super(scope, id);
    const problems: string[] = [];
    for (const [who, p] of [['administrators', props.administrators], ['readers', props.readers]] as const) {
      if (p.permissionSets.length + p.roleArns.length === 0) problems.push(`${who}: name at least one permission set or role ARN`);
      for (const a of p.roleArns) if (!EXACT_ROLE_ARN.test(a)) problems.push(`${who}: "${a}" is not an exact role ARN (no wildcards)`);
    }
    if (props.maxSessionDurationSeconds < 3600 || props.maxSessionDurationSeconds > 43200) problems.push(`maxSessionDurationSeconds: use 3600-43200 seconds, the range IAM accepts (got ${props.maxSessionDurationSeconds})`);
    throwIfInvalid('AuditRoles', this, problems);

    const trust = (p: AuditRolePrincipals) =>
      auditRoleTrustStatements({
        accountId: props.accountId,
        principalArnPatterns: p.permissionSets.map((s) => permissionSetRolePattern(props.accountId, s)),
        roleArns: p.roleArns,
      });
    this.statements = {
      administratorTrust: trust(props.administrators),
      readOnlyTrust: trust(props.readers),
      administratorPolicy: assumeMemberRoleStatements({ memberRoleName: props.memberAdministratorRoleName }),
      readOnlyPolicy: [...assumeMemberRoleStatements({ memberRoleName: props.memberReadOnlyRoleName }), ...denyDataReadStatements()],
    };
    const role = (cid: string, name: string, description: string, trustStatements: readonly PolicyStatement[], policy: readonly PolicyStatement[]) => {
      const r = new IamRole(this, cid, {
        provider: props.provider,
        name,
        description,
        assumeRolePolicy: renderTrustPolicy(trustStatements),
        maxSessionDuration: props.maxSessionDurationSeconds,
      });
      new IamRolePolicyAttachment(this, `${cid}_read_only`, { provider: props.provider, role: r.name, policyArn: READ_ONLY_ACCESS });
      new IamRolePolicy(this, `${cid}_policy`, { provider: props.provider, role: r.id, name: 'audit', policy: renderPolicy(policy) });
      return r;
    };
    this.administratorRole = role(
      'administrator',
      props.administratorRoleName,
      'Audit administrator: reaches every member account as its administrator execution role',
      this.statements.administratorTrust,
      this.statements.administratorPolicy,
    );
    this.readOnlyRole = role(
      'read_only',
      props.readOnlyRoleName,
      'Audit reader: reaches every member account read-only (no data reads)',
      this.statements.readOnlyTrust,
      this.statements.readOnlyPolicy,
    );
  }
}

/**
 * The StackSet template of the member execution roles: `AdministratorExecutionRole` trusting only
 * the audit administrator role, and `ReadOnlyExecutionRole` (ReadOnlyAccess and the data-read
 * denies) trusting only the audit read-only role. IAM is global, so this deploys to one region.
 */
export function memberExecutionRolesTemplate(o: AuditRoleNames & { readonly auditAccountId: string }): CloudFormationTemplate {
  const trust = (roleName: string) => JSON.parse(renderTrustPolicy(memberRoleTrustStatements(roleArn(o.auditAccountId, roleName)))) as TemplateValue;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Audit execution roles (cdktf-org-security-baseline)',
    Resources: {
      AdministratorExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: o.memberAdministratorRoleName,
          Description: `Assumed by ${o.administratorRoleName} of the audit account only`,
          AssumeRolePolicyDocument: trust(o.administratorRoleName),
          ManagedPolicyArns: [ADMINISTRATOR_ACCESS],
          MaxSessionDuration: o.maxSessionDurationSeconds,
        },
      },
      ReadOnlyExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: o.memberReadOnlyRoleName,
          Description: `Assumed by ${o.readOnlyRoleName} of the audit account only; no data reads`,
          AssumeRolePolicyDocument: trust(o.readOnlyRoleName),
          ManagedPolicyArns: [READ_ONLY_ACCESS],
          MaxSessionDuration: o.maxSessionDurationSeconds,
          Policies: [{ PolicyName: 'deny-data-reads', PolicyDocument: subPseudoParameters(toPolicyJson(denyDataReadStatements())) }],
        },
      },
    },
  };
}
