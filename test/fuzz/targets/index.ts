/** Every fuzz target by name, in the order the runner and the CI tier run them. */
import { abciQueryTarget } from './abci-query.js';
import { restLiveTarget, rpcLiveTarget } from './live.js';
import { mempoolGossipTarget } from './mempool-gossip.js';
import { restTarget } from './rest.js';
import { rpcEnvelopeTarget, rpcTarget } from './rpc.js';
import {
  blocksyncRequestTarget,
  blocksyncResponseTarget,
  consensusTarget,
  evidenceTarget,
  framesTarget,
  helloTarget,
  pexTarget,
} from './p2p.js';
import type { TargetFactory } from './target.js';
import { anteTarget, raceDutyTarget, txDecodeTarget } from './tx.js';
import { wsQueryTarget } from './ws-query.js';

export const TARGETS: ReadonlyMap<string, TargetFactory> = new Map<string, TargetFactory>([
  ['tx-decode', txDecodeTarget],
  ['ante', anteTarget],
  ['race-duty', raceDutyTarget],
  ['abci-query', abciQueryTarget],
  ['mempool-gossip', mempoolGossipTarget],
  ['consensus-msg', consensusTarget],
  ['evidence', evidenceTarget],
  ['blocksync-request', blocksyncRequestTarget],
  ['blocksync-response', blocksyncResponseTarget],
  ['frames', framesTarget],
  ['hello', helloTarget],
  ['pex', pexTarget],
  ['ws-query', wsQueryTarget],
  ['rpc-params', rpcTarget],
  ['rpc-envelope', rpcEnvelopeTarget],
  ['rest', restTarget],
  ['rpc-live', rpcLiveTarget],
  ['rest-live', restLiveTarget],
] as [string, TargetFactory][]);
