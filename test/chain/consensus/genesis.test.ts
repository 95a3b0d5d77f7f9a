import { describe, expect, it } from '@jest/globals';
import { toBase64, toHexUpper } from '../../../chain/types/bytes.js';
import { formatGenesisDoc, parseGenesisDoc } from '../../../chain/consensus/genesis.js';
import { testSigner } from './helpers.js';

const s = testSigner(0);
const base = () => ({
  genesis_time: '2024-01-02T03:04:05.123456789Z',
  chain_id: 'race-devnet',
  initial_height: '1',
  consensus_params: { block: { max_bytes: '22020096', max_gas: '-1' } },
  validators: [
    {
      address: toHexUpper(s.address),
      pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(s.pubKey) },
      power: '1',
      name: 'node0',
    },
  ],
  app_hash: '',
  app_state: { bank: { balances: [] } },
});

describe('GenesisDoc', () => {
  it('parses CometBFT genesis.json and formats it back', () => {
    const doc = parseGenesisDoc(JSON.stringify(base()));
    expect(doc.chainId).toBe('race-devnet');
    expect(doc.initialHeight).toBe(1);
    expect(doc.validators[0]!.power).toBe(1n);
    expect(doc.validators[0]!.address).toEqual(s.address);
    expect(doc.consensusParams.evidence.maxAgeNumBlocks).toBe(100_000n);
    expect(JSON.parse(doc.appStateJson)).toEqual({ bank: { balances: [] } });
    expect(parseGenesisDoc(formatGenesisDoc(doc))).toEqual(doc);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['no chain id', { ...base(), chain_id: '' }, /chain_id/],
    ['bad time', { ...base(), genesis_time: 'yesterday' }, /RFC 3339/],
    ['bad power', { ...base(), validators: [{ ...base().validators[0], power: '-3' }] }, /power must be positive/],
    [
      'address mismatch',
      { ...base(), validators: [{ ...base().validators[0], address: '00'.repeat(20) }] },
      /does not match its pub_key/,
    ],
    [
      'wrong key type',
      { ...base(), validators: [{ ...base().validators[0], pub_key: { type: 'secp', value: 'AA==' } }] },
      /pub_key.type/,
    ],
    ['duplicate validator', { ...base(), validators: [base().validators[0], base().validators[0]] }, /appears twice/],
    ['bad params', { ...base(), consensus_params: { block: { max_bytes: '0' } } }, /max_bytes/],
    ['bad app hash', { ...base(), app_hash: 'xyz' }, /app_hash/],
  ])('rejects %s with a clear error', (_name, input, re) => {
    expect(() => parseGenesisDoc(typeof input === 'string' ? input : JSON.stringify(input))).toThrow(re);
    expect(() => parseGenesisDoc(typeof input === 'string' ? input : JSON.stringify(input))).toThrow(
      /^invalid genesis/,
    );
  });
});
