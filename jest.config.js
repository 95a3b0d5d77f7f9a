/**
 * ESM jest with @swc/jest; see ../shared/reference/toolchain-facts.md §3 (variant b).
 * Three tiers, each a jest project (`--selectProjects unit` is `npm run test:fast`):
 *   unit         everything in-process;
 *   integration  tests that start real `raced` processes (or mine for seconds) on one node;
 *   e2e          multi-node networks and whole flows (test/e2e).
 * The two process tiers rebuild dist/ first when it is older than the sources, since `raced` runs dist/.
 */
const base = {
  testEnvironment: '<rootDir>/test/setup/node-env.cjs',
  setupFiles: ['<rootDir>/test/setup/polyfills.cjs'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    '/node_modules/(@noble|@scure|readonly-date-esm)/.+\\.js$': ['@swc/jest', {}],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|readonly-date-esm)/)'],
};

const integration = [
  '<rootDir>/test/integration/**/*.test.ts',
  '<rootDir>/test/node/cli/cli.test.ts',
  '<rootDir>/test/node/cli/testnet.test.ts',
  '<rootDir>/test/node/rest/rest-node.test.ts',
  '<rootDir>/test/race/engine/cli-race.test.ts',
  '<rootDir>/test/race/module/cli-rest.test.ts',
  '<rootDir>/test/modules/inference/cli-rest.test.ts',
  '<rootDir>/test/modules/issuance/cli-rest.test.ts',
  '<rootDir>/test/node/inference/api/openai-node.test.ts',
];
const e2e = ['<rootDir>/test/e2e/**/*.test.ts'];
const freshDist = '<rootDir>/test/setup/fresh-dist.js';

export default {
  testTimeout: 60000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/e2e/',
        '<rootDir>/test/integration/',
        ...integration.filter((p) => !p.includes('*')),
      ],
    },
    { ...base, displayName: 'integration', testMatch: integration, globalSetup: freshDist },
    { ...base, displayName: 'e2e', testMatch: e2e, globalSetup: freshDist },
  ],
};
