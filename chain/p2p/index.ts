export * from './addresses.js';
export * from './channels.js';
export * from './frames.js';
export * from './hello.js';
export * from './host.js';
export * from './identity.js';
export * from './metrics.js';
export * from './options.js';
export * from './peer-book.js';
export type { ConnectedPeer, PeerEvent } from './peer-manager.js';
export * from './peer-score.js';
export {
  RequestError,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type RequestHandler,
  type RequestOptions,
  type RequestFailure,
} from './req-resp.js';
export { NotConnectedError } from './direct-channels.js';
export * from './token-bucket.js';
export * from './pex.js';
export * from './level-peer-book.js';
export * from './stream-protocols.js';
