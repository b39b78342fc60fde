import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { configureBackend, regionalStackName, RegionalStackName } from './backend';
import { providerFor } from './providers';

/** Props of {@link RegionalSecurityStack}. */
export interface RegionalSecurityStackProps {
  /** The validated configuration. */
  readonly config: BaselineConfig;
  /** The governed region this stack deploys into. */
  readonly region: string;
}

/**
 * What AWS makes regional, for one governed region: at most two AWS provider configurations
 * (the management and the audit account, both in this region), whatever the number of regions,
 * because each provider configuration is a plugin process of about 0.45 GB in every plan.
 * Regions fan out as stacks (one state or HCP Terraform workspace each), never as aliases.
 * Deployed after the three account stacks, whose outputs it may read through remote state.
 */
export class RegionalSecurityStack extends TerraformStack {
  /** The governed region of this stack. */
  readonly region: string;
  /** Whether this is the organization's home region. */
  readonly isHomeRegion: boolean;
  private readonly config: BaselineConfig;

  constructor(scope: Construct, id: RegionalStackName, props: RegionalSecurityStackProps) {
    if (id !== regionalStackName(props.region)) throw new Error(`regional stack id "${id}" must be "${regionalStackName(props.region)}"`);
    super(scope, id);
    this.region = props.region;
    this.config = props.config;
    this.isHomeRegion = props.region === props.config.organization.homeRegion;
    configureBackend(this, id, props.config.backend);
  }

  /** The management account's provider in this region (created on first use). */
  get managementProvider(): AwsProvider {
    return providerFor(this, this.config, 'management', this.region);
  }

  /** The audit account's provider in this region (created on first use). */
  get auditProvider(): AwsProvider {
    return providerFor(this, this.config, 'audit', this.region);
  }
}
