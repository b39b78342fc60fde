'use strict';
/**
 * The benchmark's floor: the smallest useful cdktf app, plain precompiled JavaScript (no ts-node,
 * no build step). One TerraformStack, one AwsProvider, one aws_s3_bucket, each imported from its
 * own `@cdktf/provider-aws/lib/<resource>` entry point (never the package root, which loads every
 * resource class). Synthesizes into CDKTF_OUTDIR (required: the bench passes a fresh temp dir).
 */
const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { S3Bucket } = require('@cdktf/provider-aws/lib/s3-bucket');

const outdir = process.env.CDKTF_OUTDIR;
if (!outdir) {
  process.stderr.write('floor-app: set CDKTF_OUTDIR to the directory to synthesize into\n');
  process.exit(2);
}

const app = new App({ outdir });
const stack = new TerraformStack(app, 'hello');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new S3Bucket(stack, 'bucket', { bucket: 'cdktf-bench-hello-world' });
app.synth();
