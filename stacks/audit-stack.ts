import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { SecurityNotifications } from '../modules/security-notifications';
import { configureBackend } from './backend';
import { baselineNames } from './names';
import type { BaselineStackProps } from './log-archive-stack';
import { AUDIT_OUTPUTS, publishOutput } from './outputs';
import { providerFor } from './providers';

/** The audit account: the security notification topics and their key. */
export class AuditStack extends TerraformStack {
  readonly notifications: SecurityNotifications;

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
      preventDestroy: cfg.notifications.preventDestroy,
      // The management account's CIS alarms and the audit account's findings rule publish here.
      publisherAccountIds: [cfg.organization.managementAccountId, cfg.accounts.audit.id],
      // The baseline's own accounts may record with the service-linked role (Config then publishes
      // as its service principal, scoped per account); member accounts' recorders with an IAM role
      // publish as principals of the organization.
      configSourceAccountIds: [cfg.organization.managementAccountId, cfg.accounts.audit.id, cfg.accounts.logArchive.id],
    });

    publishOutput(this, AUDIT_OUTPUTS.securityTopicArn, this.notifications.securityTopic.arn, 'ARN of AggregateSecurityNotifications');
    publishOutput(this, AUDIT_OUTPUTS.allConfigTopicArn, baselineNames(cfg).allConfigTopicArn, 'ARN of AllConfigNotifications');
    publishOutput(this, AUDIT_OUTPUTS.notificationsKeyArn, this.notifications.key.arn, 'ARN of the KMS key of the security topics');
  }
}
