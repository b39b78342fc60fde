import { Rule } from '../rule';

/** OSB-SNS1: every topic is encrypted at rest with a KMS key. */
export const OSB_SNS1: Rule = {
  id: 'OSB-SNS1',
  title: 'SNS topic is encrypted with a KMS key',
  description: 'Security notifications name resources, principals and findings; encryption with a customer key keeps them readable only through its policy.',
  help: 'Set kms_master_key_id on the aws_sns_topic (SecurityNotifications uses its own key).',
  severity: 'medium',
  securityHubControl: 'SNS.1',
  checkov: ['CKV_AWS_26'],
  trivy: ['AVD-AWS-0095', 'AVD-AWS-0136'],
  resourceTypes: ['aws_sns_topic'],
  evaluate(topic) {
    const key = topic.config.kms_master_key_id;
    return typeof key === 'string' && key.trim() !== '' ? [] : [{ message: 'kms_master_key_id is not set: the topic is not encrypted at rest' }];
  },
};
