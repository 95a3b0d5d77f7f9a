/** The program's identity, in a file of its own so that `raced version` loads nothing else. */
export const APP_NAME = 'race';
export const APP_VERSION = '0.1.0';
/** The CometBFT version the node speaks on RPC (CosmJS picks its client by "0.38."). */
export const COMETBFT_COMPAT_VERSION = '0.38.17';
