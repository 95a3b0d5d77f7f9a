/** The app executes txs as the strict decoder produced them (chain/tx/decode.ts). */
export type { DecodedTx as AppTx, DecodedMsg } from '../tx/decode.js';
