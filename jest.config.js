/** ESM jest with @swc/jest; see ../shared/reference/toolchain-facts.md §3 (variant b). */
export default {
  testEnvironment: '<rootDir>/test/setup/node-env.cjs',
  setupFiles: ['<rootDir>/test/setup/polyfills.cjs'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    '/node_modules/(@noble|@scure|readonly-date-esm)/.+\\.js$': ['@swc/jest', {}],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|readonly-date-esm)/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
