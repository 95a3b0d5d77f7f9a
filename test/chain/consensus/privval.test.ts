import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DoubleSignError, FileLastSignStateStore, PrivValidator } from '../../../chain/consensus/privval.js';
import { voteSignBytes } from '../../../chain/consensus/sign-bytes.js';
import { verifyEd25519 } from '../../../chain/consensus/signer.js';
import { VoteType, type Vote } from '../../../chain/types/vote.js';
import type { BlockId } from '../../../chain/types/block.js';
import { testSigner, tmpDir } from './helpers.js';

const idOf = (n: number): BlockId => ({
  hash: new Uint8Array(32).fill(n),
  partSetHeader: { total: 1, hash: new Uint8Array(32).fill(n) },
});
const signer = testSigner(0);
const vote = (over: Partial<Vote>): Vote => ({
  type: VoteType.Prevote,
  height: 5,
  round: 0,
  blockId: idOf(1),
  timestampNs: 1_000n,
  validatorAddress: signer.address,
  validatorIndex: 0,
  signature: new Uint8Array(0),
  ...over,
});

describe('PrivValidator double-sign guard', () => {
  it('signs, refuses a conflicting vote at the same H/R/S, and re-signs the identical one', () => {
    const file = path.join(tmpDir('pv'), 'data', 'priv_validator_state.json');
    const pv = new PrivValidator(signer, new FileLastSignStateStore(file));
    const a = pv.signVote('c', vote({}));
    expect(verifyEd25519(signer.pubKey, voteSignBytes('c', a), a.signature)).toBe(true);
    expect(() => pv.signVote('c', vote({ blockId: idOf(2) }))).toThrow(DoubleSignError);
    expect(() => pv.signVote('c', vote({ blockId: null }))).toThrow(/conflicting data/);
    expect(pv.signVote('c', vote({})).signature).toEqual(a.signature);
    // Same vote, new timestamp (a restart): the stored signature and timestamp come back.
    const again = pv.signVote('c', vote({ timestampNs: 9_999n }));
    expect(again.signature).toEqual(a.signature);
    expect(again.timestampNs).toBe(1_000n);
  });

  it('refuses height, round and step regressions', () => {
    const pv = new PrivValidator(signer, new FileLastSignStateStore(path.join(tmpDir('pv'), 's.json')));
    pv.signVote('c', vote({ type: VoteType.Precommit, height: 5, round: 2 }));
    expect(() => pv.signVote('c', vote({ height: 4 }))).toThrow(/height regression/);
    expect(() => pv.signVote('c', vote({ height: 5, round: 1 }))).toThrow(/round regression/);
    expect(() => pv.signVote('c', vote({ height: 5, round: 2, type: VoteType.Prevote }))).toThrow(/step regression/);
    expect(() =>
      pv.signProposal('c', {
        height: 5,
        round: 2,
        polRound: -1,
        blockId: idOf(1),
        timestampNs: 1n,
        signature: new Uint8Array(0),
      }),
    ).toThrow(/step regression/);
    expect(pv.signVote('c', vote({ height: 5, round: 3 })).signature).toHaveLength(64);
  });

  it('survives a restart: the state file is written before the signature is returned', () => {
    const file = path.join(tmpDir('pv'), 'priv_validator_state.json');
    const first = new PrivValidator(signer, new FileLastSignStateStore(file));
    const a = first.signVote('c', vote({ height: 7, type: VoteType.Precommit }));
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(j).toEqual(expect.objectContaining({ height: '7', round: 0, step: 3 }));
    expect(typeof j.signature).toBe('string');
    expect(typeof j.signbytes).toBe('string');
    const restarted = new PrivValidator(signer, new FileLastSignStateStore(file));
    expect(() => restarted.signVote('c', vote({ height: 7, type: VoteType.Precommit, blockId: idOf(9) }))).toThrow(
      DoubleSignError,
    );
    expect(restarted.signVote('c', vote({ height: 7, type: VoteType.Precommit })).signature).toEqual(a.signature);
  });

  it('refuses to start on an unreadable state file', () => {
    const file = path.join(tmpDir('pv'), 's.json');
    fs.writeFileSync(file, '{not json');
    expect(() => new PrivValidator(signer, new FileLastSignStateStore(file))).toThrow(/refusing to sign/);
  });
});
