import { Rule } from '../rule';
import { OSB_CT1 } from './osb-ct1';
import { OSB_CT2 } from './osb-ct2';
import { OSB_CT3 } from './osb-ct3';
import { OSB_CT4 } from './osb-ct4';
import { OSB_CT5 } from './osb-ct5';
import { OSB_CT6 } from './osb-ct6';
import { OSB_CT7 } from './osb-ct7';
import { OSB_CT8 } from './osb-ct8';
import { OSB_CW1 } from './osb-cw1';
import { OSB_IAM1 } from './osb-iam1';
import { OSB_IAM2 } from './osb-iam2';
import { OSB_IAM3 } from './osb-iam3';
import { OSB_IAM4 } from './osb-iam4';
import { OSB_IAM5 } from './osb-iam5';
import { OSB_KMS1 } from './osb-kms1';
import { OSB_KMS2 } from './osb-kms2';
import { OSB_ORG1 } from './osb-org1';
import { OSB_ORG2 } from './osb-org2';
import { OSB_ORG3 } from './osb-org3';
import { OSB_ORG4 } from './osb-org4';
import { OSB_ORG5 } from './osb-org5';
import { OSB_S1 } from './osb-s1';
import { OSB_SH1 } from './osb-sh1';
import { OSB_S2 } from './osb-s2';
import { OSB_S3 } from './osb-s3';
import { OSB_S4 } from './osb-s4';
import { OSB_S5 } from './osb-s5';
import { OSB_S6 } from './osb-s6';
import { OSB_SNS1 } from './osb-sns1';
import { OSB_SNS2 } from './osb-sns2';

/**
 * Every rule of the pack, grouped by family. IDs are ours and permanent: a new rule takes the
 * next free number of its family, a retired rule's ID is never reused.
 */
export const RULES: readonly Rule[] = [
  OSB_CT1,
  OSB_CT2,
  OSB_CT3,
  OSB_CT4,
  OSB_CT5,
  OSB_CT6,
  OSB_CT7,
  OSB_CT8,
  OSB_S1,
  OSB_S2,
  OSB_S3,
  OSB_S4,
  OSB_S5,
  OSB_S6,
  OSB_KMS1,
  OSB_KMS2,
  OSB_SNS1,
  OSB_SNS2,
  OSB_CW1,
  OSB_IAM1,
  OSB_IAM2,
  OSB_IAM3,
  OSB_IAM4,
  OSB_IAM5,
  OSB_ORG1,
  OSB_ORG2,
  OSB_ORG3,
  OSB_ORG4,
  OSB_ORG5,
  OSB_SH1,
];
