import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AuditRoles } from '../modules/audit-roles';
import { SecurityNotifications } from '../modules/security-notifications';
import { configureBackend } from './backend';
import { baselineNames } from './names';
import type { BaselineStackProps } from './log-archive-stack';
import { AUDIT_OUTPUTS, publishOutput } from './outputs';
import { providerFor } from './providers';

/** The audit account: the security notification topics and their key, and the audit roles. */
export class AuditStack extends TerraformStack {
  readonly notifications: SecurityNotifications;
  readonly auditRoles?: AuditRoles;

  constructor(scope: Construct, id: 'audit', props: BaselineStackProps) {
    super(scope, id);
    const cfg = props.config;
    configureBackend(this, id, cfg.backend);
    const provider = providerFor(this, cfg, 'audit');

    this.notifications = new SecurityNotifications(this, 'notifications', {
      provider,
      accountId: cfg.accounts.audit.id,
      region: cfg.organization.homeRegion,
      organizationId: cfg.organization.id,
      securityEmails: cfg.notifications.emails,
      allConfigEmails: cfg.notifications.allConfigEmails,
      topicNamePrefix: cfg.notifications.topicNamePrefix,
    });

    const ar = cfg.auditRoles;
    if (ar.enabled) {
      // Before the management stack: the member execution roles its StackSet creates trust
      // these roles by ARN, and IAM refuses a trust policy naming a role that does not exist.
      this.auditRoles = new AuditRoles(this, 'audit_roles', { provider, accountId: cfg.accounts.audit.id, ...ar });
      publishOutput(this, AUDIT_OUTPUTS.auditAdministratorRoleArn, this.auditRoles.administratorRole.arn, 'ARN of the audit administrator role');
      publishOutput(this, AUDIT_OUTPUTS.auditReadOnlyRoleArn, this.auditRoles.readOnlyRole.arn, 'ARN of the audit read-only role');
    }

    publishOutput(this, AUDIT_OUTPUTS.securityTopicArn, this.notifications.securityTopic.arn, 'ARN of AggregateSecurityNotifications');
    publishOutput(this, AUDIT_OUTPUTS.allConfigTopicArn, baselineNames(cfg).allConfigTopicArn, 'ARN of AllConfigNotifications');
    publishOutput(this, AUDIT_OUTPUTS.notificationsKeyArn, this.notifications.key.arn, 'ARN of the KMS key of the security topics');
  }
}
