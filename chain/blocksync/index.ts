/** Block sync: serving stored blocks with their commits, and fetching them when the node is behind its peers. */
export * from './codec.js';
export * from './peer-heights.js';
export * from './server.js';
export * from './syncer.js';
