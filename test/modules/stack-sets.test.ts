import { CloudFormationTemplate, OrganizationStackSet, renderTemplate, templateProblems } from '../../modules/stack-sets';
import { onlyResource, resourcesOf, synth, testStack } from '../helpers';

/** StackSet templates are checked before synth; a service-managed StackSet reaches members with one resource per region. */

const GOOD: CloudFormationTemplate = {
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'test',
  Conditions: { IsHome: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'ap-northeast-1'] } },
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': 'r-${AWS::Region}' }, AssumeRolePolicyDocument: {} } },
    Recorder: {
      Type: 'AWS::Config::ConfigurationRecorder',
      Properties: { RoleARN: { 'Fn::GetAtt': ['Role', 'Arn'] }, RecordingGroup: { IncludeGlobalResourceTypes: { 'Fn::If': ['IsHome', true, false] } } },
    },
    Channel: { Type: 'AWS::Config::DeliveryChannel', DependsOn: ['Recorder'], Properties: { S3BucketName: 'b' } },
  },
};

describe('template checks', () => {
  test('a well-formed template has no problems and renders to JSON', () => {
    expect(templateProblems(GOOD)).toEqual([]);
    expect(JSON.parse(renderTemplate(GOOD))).toEqual(GOOD);
  });

  test('dangling references, unknown types and undeclared conditions are all reported at once', () => {
    const bad: CloudFormationTemplate = {
      ...GOOD,
      Resources: {
        ...GOOD.Resources,
        Typo: { Type: 'AWS::Config::ConfigurationRecorderr', Condition: 'Nope', DependsOn: ['Ghost'], Properties: { A: { Ref: 'Missing' } } },
        Other: {
          Type: 'AWS::IAM::Role',
          Properties: { B: { 'Fn::GetAtt': ['Ghost', 'Arn'] }, C: { 'Fn::Sub': 'x-${Nobody}' }, D: { 'Fn::If': ['Undeclared', 1, 2] } },
        },
      },
    };
    expect(templateProblems(bad)).toEqual([
      'Resources.Typo: unknown resource type "AWS::Config::ConfigurationRecorderr"',
      'Resources.Typo: Condition "Nope" is not declared',
      'Resources.Typo: DependsOn "Ghost", which is not a resource of the template',
      'Resources.Typo.Properties.A: Ref to "Missing", which is not a resource, parameter or pseudo parameter',
      'Resources.Other.Properties.B: Fn::GetAtt of "["Ghost","Arn"]", which is not a resource of the template',
      'Resources.Other.Properties.C: Fn::Sub names "${Nobody}", which is not a resource, parameter or pseudo parameter',
      'Resources.Other.Properties.D: Fn::If needs [condition, then, else] with a declared condition, got ["Undeclared",1,2]',
    ]);
    expect(() => renderTemplate(bad)).toThrow(/Invalid CloudFormation template "test":\n {2}- Resources.Typo: unknown resource type/);
  });
});

describe('OrganizationStackSet', () => {
  function make(overrides: Partial<ConstructorParameters<typeof OrganizationStackSet>[2]> = {}) {
    const { stack, provider } = testStack();
    const ss = new OrganizationStackSet(stack, 'ss', {
      provider,
      name: 'x',
      description: 'd',
      template: GOOD,
      organizationalUnitIds: ['r-ab12'],
      regions: ['ap-northeast-1', 'us-east-1'],
      ...overrides,
    });
    return { ss, json: synth(stack) };
  }

  test('service-managed, called as the management account, automatic deployment, stacks removed with their accounts', () => {
    const set = onlyResource(make().json, 'aws_cloudformation_stack_set');
    expect(set).toMatchObject({
      permission_model: 'SERVICE_MANAGED',
      call_as: 'SELF',
      auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
      lifecycle: { ignore_changes: ['administration_role_arn'] },
    });
    expect(set.administration_role_arn).toBeUndefined();
    expect(set.execution_role_name).toBeUndefined();
  });

  test('one instance per region, each targeting the OUs, never an account', () => {
    const instances = resourcesOf(make().json, 'aws_cloudformation_stack_set_instance');
    expect(instances.map((i) => i.region)).toEqual(['ap-northeast-1', 'us-east-1']);
    for (const i of instances) {
      expect(i.deployment_targets).toEqual({ organizational_unit_ids: ['r-ab12'] });
      expect(i.account_id).toBeUndefined();
    }
  });

  test("CloudFormation's ${...} is escaped from Terraform, and Terraform values go in by placeholder", () => {
    const t: CloudFormationTemplate = { ...GOOD, Resources: { ...GOOD.Resources, Channel: { ...GOOD.Resources.Channel, Properties: { S3KmsKeyArn: '@@KEY@@' } } } };
    const { ss, json } = make({ template: t, substitutions: { '@@KEY@@': '${data.x.y}' } });
    const body: string = onlyResource(json, 'aws_cloudformation_stack_set').template_body;
    expect(body).toContain('"Fn::Sub":"r-$${AWS::Region}"');
    expect(body).toContain('"S3KmsKeyArn":"${data.x.y}"');
    expect(ss.templateBody).toContain('"Fn::Sub":"r-${AWS::Region}"');
  });

  test('no targets, no regions, a repeated region or an unused substitution are refused together', () => {
    expect(() => make({ organizationalUnitIds: [], regions: ['us-east-1', 'us-east-1'], substitutions: { '@@NONE@@': 'x' } })).toThrow(
      /OrganizationStackSet "test\/ss" has invalid props:\n {2}- organizationalUnitIds: name at least one root or OU\n {2}- regions: list each region once/,
    );
    expect(() => make({ substitutions: { '@@NONE@@': 'x' } })).toThrow('substitutions: "@@NONE@@" does not occur in the template');
    expect(() => make({ regions: [] })).toThrow('regions: name at least one region');
  });
});
