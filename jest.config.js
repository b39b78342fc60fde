/** Transpile-only TypeScript through swc: type-checking is `npm run typecheck`, not jest's job. */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest defaults to cores - 1 workers (one, on the two-core CI machine); the terraform suites
  // spend most of their time waiting on terraform child processes, so two workers overlap them
  // with the unit suites.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/terraform/'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/terraform/**/*.test.ts'],
    },
  ],
};
