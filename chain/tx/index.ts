/** Transactions as the Cosmos SDK handles them: strict decoding, stateless checks, sign modes, gas, simulation. */
export * from './amino-bank.js';
export { canonicalAminoJson, sortedJsonStringify } from './amino-json.js';
export * from './decode.js';
export * from './gas.js';
export * from './registry.js';
export * from './schema.js';
export * from './signing.js';
export * from './simulate.js';
export { MAX_MESSAGE_NESTING, MAX_UNPACK_ANY_RECURSION_DEPTH, MAX_UNPACK_ANY_SUB_CALLS } from './unknown-fields.js';
export * from './validate.js';
