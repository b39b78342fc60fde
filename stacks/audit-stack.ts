import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AWS_REGIONS } from '../config/schema';
import { AuditRoles } from '../modules/audit-roles';
import { LogQuery } from '../modules/log-query';
import { SecurityNotifications } from '../modules/security-notifications';
import { configureBackend } from './backend';
import { accountRootArn } from '../modules/iam';
import type { BaselineStackProps } from './log-archive-stack';
import { baselineNames } from './names';
import { AUDIT_OUTPUTS, publishOutput } from './outputs';
import { providerFor } from './providers';

/** The audit account: the security notification topics and their key, the audit roles, and the log queries. */
export class AuditStack extends TerraformStack {
  readonly notifications: SecurityNotifications;
  readonly auditRoles?: AuditRoles;
  /** Athena over the organization trail, unless `logQuery.enabled` is false. */
  readonly logQuery?: LogQuery;

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

    const ar = cfg.auditRoles;
    if (ar.enabled) {
      // Before the management stack: the member execution roles its StackSet creates trust
      // these roles by ARN, and IAM refuses a trust policy naming a role that does not exist.
      this.auditRoles = new AuditRoles(this, 'audit_roles', { provider, accountId: cfg.accounts.audit.id, ...ar });
      publishOutput(this, AUDIT_OUTPUTS.auditAdministratorRoleArn, this.auditRoles.administratorRole.arn, 'ARN of the audit administrator role');
      publishOutput(this, AUDIT_OUTPUTS.auditReadOnlyRoleArn, this.auditRoles.readOnlyRole.arn, 'ARN of the audit read-only role');
    }

    if (cfg.logQuery.enabled) {
      const names = baselineNames(cfg);
      const org = cfg.organization;
      // Here rather than in the log-archive account: the audit account already holds the log
      // archive's read grant (bucket list/read under AWSLogs/<orgId>/, decrypt with the trail's
      // encryption context), so investigators query without any access to the archive's account.
      this.logQuery = new LogQuery(this, 'log_query', {
        provider,
        accountId: cfg.accounts.audit.id,
        region: org.homeRegion,
        organizationId: org.id,
        logBucketName: names.logBucketName,
        logArchiveAccountId: cfg.accounts.logArchive.id,
        trailArn: names.trailArn,
        trailKeyPrefix: cfg.trail.s3KeyPrefix,
        // Every commercial region, not only the governed ones: the trail records them all, and
        // activity where nothing is governed is what an investigation looks for first.
        regions: AWS_REGIONS,
        projectionDays: cfg.logArchive.retentionDays,
        resultsBucketName: names.queryResultsBucketName,
        resultsRetentionDays: cfg.logQuery.resultsRetentionDays,
        bytesScannedCutoffPerQuery: cfg.logQuery.bytesScannedCutoffPerQuery,
        readerRoleName: cfg.logQuery.readerRoleName,
        readerTrustPrincipals: cfg.logQuery.readerTrustPrincipals ?? [accountRootArn(cfg.accounts.audit.id)],
      });
      publishOutput(this, AUDIT_OUTPUTS.logQueryWorkgroup, this.logQuery.workgroup.name, 'Athena workgroup of the security log queries');
      publishOutput(this, AUDIT_OUTPUTS.logQueryReaderRoleArn, this.logQuery.readerRoleArn, 'Role that runs the security log queries');
      publishOutput(this, AUDIT_OUTPUTS.queryResultsBucketName, names.queryResultsBucketName, 'Bucket of the Athena query results');
    }

    publishOutput(this, AUDIT_OUTPUTS.securityTopicArn, this.notifications.securityTopic.arn, 'ARN of AggregateSecurityNotifications');
    publishOutput(this, AUDIT_OUTPUTS.allConfigTopicArn, baselineNames(cfg).allConfigTopicArn, 'ARN of AllConfigNotifications');
    publishOutput(this, AUDIT_OUTPUTS.notificationsKeyArn, this.notifications.key.arn, 'ARN of the KMS key of the security topics');
  }
}
