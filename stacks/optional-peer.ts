/**
 * `@cdktf/provider-tfe` is an optional peer dependency: only the `cloud` backend's readers
 * (`tfe_outputs`) and the `hcp-workspaces` bootstrap stack use it, so the files that import it
 * are loaded with `require` on those paths only, through this helper.
 */

/** The optional peer's name, as `npm install` takes it. */
export const TFE_PROVIDER_PACKAGE = '@cdktf/provider-tfe';
/** The range package.json declares for it (test/stacks/optional-peer.test.ts keeps the two equal). */
export const TFE_PROVIDER_RANGE = '~12.5.1';

/** Whether `err` says that `pkg` (or a file inside it) cannot be resolved. */
function isMissing(err: unknown, pkg: string): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${pkg}`);
}

/**
 * Runs `load` (a `require` of a file that imports `@cdktf/provider-tfe`); when the package is not
 * installed, throws an error that says what needs it and how to install it, instead of Node's
 * bare "Cannot find module".
 */
export function requireTfeProvider<T>(load: () => T, neededFor: string): T {
  try {
    return load();
  } catch (err) {
    if (!isMissing(err, TFE_PROVIDER_PACKAGE)) throw err;
    throw new Error(
      `${neededFor} needs the optional peer dependency ${TFE_PROVIDER_PACKAGE}, which is not installed: ` +
        `run \`npm install ${TFE_PROVIDER_PACKAGE}@"${TFE_PROVIDER_RANGE}"\` (the local and s3 backends do not need it).`,
      { cause: err },
    );
  }
}
