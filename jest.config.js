// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const grafanaJestConfig = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

// ESM-only packages our own code pulls in, on top of the ones create-plugin knows about (`cookie`:
// through Fastify's `inject()`).
const esModules = [...grafanaESModules, '@faker-js/faker', 'valibot', '@react-hookz', '@ver0', 'cookie'];
const transformIgnorePatterns = [nodeModulesToTransform(esModules)];
// The Grafana lines of the compat e2e run are separate installs (hundreds of MB each) that no
// test imports; jest must neither crawl nor resolve into them.
const modulePathIgnorePatterns = ['<rootDir>/tests/compat/'];

// Jest's timeout guards against hangs, it is not a timing goal: user-event interactions with
// @grafana/ui comboboxes take seconds in jsdom when the two cores are busy (CI runs the three
// projects side by side), and the 5 s default failed them there.
const testTimeout = 30_000;

module.exports = {
  testTimeout,
  projects: [
    {
      // Everything that runs inside Grafana: jsdom, as create-plugin sets it up.
      ...grafanaJestConfig,
      displayName: 'plugin',
      rootDir: __dirname,
      // @grafana/data pulls d3's ESM-only `.mjs` builds, which the scaffolded transform skips.
      transform: { ...grafanaJestConfig.transform, '^.+\\.mjs$': grafanaJestConfig.transform['^.+\\.(t|j)sx?$'] },
      transformIgnorePatterns,
      modulePathIgnorePatterns,
    },
    {
      // The simulator, the load tool, the multi-process tests and the tests' own helpers: plain Node.
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: { ...grafanaJestConfig.transform, '^.+\\.mjs$': grafanaJestConfig.transform['^.+\\.(t|j)sx?$'] },
      transformIgnorePatterns,
      modulePathIgnorePatterns,
      testMatch: [
        '<rootDir>/simulator/**/*.test.ts',
        '<rootDir>/tests/integration/**/*.test.ts',
        '<rootDir>/tests/support/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
      ],
    },
    {
      // The built plugins in Chromium, loaded by the test host the way Grafana loads them.
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: grafanaJestConfig.transform,
      transformIgnorePatterns,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    },
  ],
};
