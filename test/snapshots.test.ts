import { synthAll } from './helpers';

/**
 * One snapshot per stack for the example config: a reviewable record of everything synthesized.
 * Update with `npx jest -u` only after reading the diff.
 */
describe('synthesized stacks (example config)', () => {
  const all = synthAll();
  test.each([
    ['log-archive', all.logArchive],
    ['audit', all.audit],
    ['management', all.management],
    ...Object.entries(all.regional),
  ])('%s', (_name, json) => {
    expect(json).toMatchSnapshot();
  });
});
