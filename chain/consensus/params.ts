import { sha256 } from '@noble/hashes/sha2.js';
import { HashedParams } from 'cosmjs-types/tendermint/types/params';

/** Consensus parameters (genesis consensus_params), CometBFT's fields and defaults. */
export interface ConsensusParams {
  block: { maxBytes: bigint; maxGas: bigint };
  evidence: { maxAgeNumBlocks: bigint; maxAgeDurationNs: bigint; maxBytes: bigint };
  validator: { pubKeyTypes: string[] };
  version: { app: bigint };
}

export const DEFAULT_CONSENSUS_PARAMS: ConsensusParams = {
  block: { maxBytes: 22_020_096n, maxGas: -1n },
  evidence: { maxAgeNumBlocks: 100_000n, maxAgeDurationNs: 172_800_000_000_000n, maxBytes: 1_048_576n },
  validator: { pubKeyTypes: ['ed25519'] },
  version: { app: 0n },
};

/** The header's consensus_hash: sha256 of HashedParams{block.max_bytes, block.max_gas}, as CometBFT. */
export function consensusParamsHash(p: ConsensusParams): Uint8Array {
  return sha256(HashedParams.encode({ blockMaxBytes: p.block.maxBytes, blockMaxGas: p.block.maxGas }).finish());
}

export function validateConsensusParams(p: ConsensusParams): void {
  if (p.block.maxBytes <= 0n || p.block.maxBytes > 104_857_600n) {
    throw new Error(`consensus_params.block.max_bytes must be in (0, 100 MiB], got ${p.block.maxBytes}`);
  }
  if (p.block.maxGas < -1n) throw new Error(`consensus_params.block.max_gas must be ≥ -1, got ${p.block.maxGas}`);
  if (p.evidence.maxAgeNumBlocks <= 0n)
    throw new Error('consensus_params.evidence.max_age_num_blocks must be positive');
  if (p.evidence.maxAgeDurationNs <= 0n) throw new Error('consensus_params.evidence.max_age_duration must be positive');
  if (p.evidence.maxBytes < 0n || p.evidence.maxBytes > p.block.maxBytes) {
    throw new Error('consensus_params.evidence.max_bytes must be in [0, block.max_bytes]');
  }
  if (!p.validator.pubKeyTypes.includes('ed25519')) {
    throw new Error(
      'consensus_params.validator.pub_key_types must include "ed25519" (the only key type this engine signs with)',
    );
  }
}
