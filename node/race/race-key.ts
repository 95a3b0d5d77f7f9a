/**
 * The node's Race hot key, config/race_key.json: a secp256k1 account key that signs the node's duty txs (proof
 * batches, validations, beacon messages) and identifies it as a Race participant. Its 33-byte public key seeds the
 * node's race (race-spec §2) and is its beacon encryption key. Created at `raced init` or on first start, like
 * priv_validator_key.json; the file holds the private key, so it is written 0600.
 */
import { addressBytesFromSecp256k1, toBech32 } from '../../chain/crypto/address.js';
import { equalBytes, toBase64 } from '../../chain/types/bytes.js';
import { secureRandomBytes, type RandomBytes } from '../../chain/crypto/random.js';
import { decodeTyped, KeyFileError, loadOrCreateKeyFile, parseKeyFileJson } from '../../chain/crypto/keyfiles.js';
import { isValidSecp256k1Privkey, secp256k1PubkeyFromPrivkey } from '../../chain/crypto/secp256k1.js';

const PUBKEY_SECP256K1_TYPE = 'tendermint/PubKeySecp256k1';
const PRIVKEY_SECP256K1_TYPE = 'tendermint/PrivKeySecp256k1';
const RACE_KEY_FILE = 'race_key.json';

export interface RaceKey {
  privKey: Uint8Array;
  /** 33-byte compressed public key. */
  pubKey: Uint8Array;
  /** Bech32 account address (race1…): the participant's address on chain. */
  address: string;
}

export interface RaceKeyJson {
  address: string;
  pub_key: { type: typeof PUBKEY_SECP256K1_TYPE; value: string };
  priv_key: { type: typeof PRIVKEY_SECP256K1_TYPE; value: string };
}

export function raceKeyFromPrivKey(privKey: Uint8Array): RaceKey {
  const pubKey = secp256k1PubkeyFromPrivkey(privKey);
  return { privKey: Uint8Array.from(privKey), pubKey, address: toBech32(addressBytesFromSecp256k1(pubKey)) };
}

export function generateRaceKey(randomBytes: RandomBytes = secureRandomBytes): RaceKey {
  for (let i = 0; i < 16; i++) {
    const priv = randomBytes(32);
    if (isValidSecp256k1Privkey(priv)) return raceKeyFromPrivKey(priv);
  }
  throw new Error('random source produced no valid secp256k1 key in 16 tries');
}

export function encodeRaceKey(key: RaceKey): RaceKeyJson {
  return {
    address: key.address,
    pub_key: { type: PUBKEY_SECP256K1_TYPE, value: toBase64(key.pubKey) },
    priv_key: { type: PRIVKEY_SECP256K1_TYPE, value: toBase64(key.privKey) },
  };
}

export function parseRaceKey(text: string, file = RACE_KEY_FILE): RaceKey {
  const j = parseKeyFileJson(file, text);
  const priv = decodeTyped(file, 'priv_key', j.priv_key, PRIVKEY_SECP256K1_TYPE, 32);
  if (!isValidSecp256k1Privkey(priv)) throw new KeyFileError(file, 'priv_key is not a valid secp256k1 private key');
  const key = raceKeyFromPrivKey(priv);
  const pub = decodeTyped(file, 'pub_key', j.pub_key, PUBKEY_SECP256K1_TYPE, 33);
  if (!equalBytes(pub, key.pubKey)) throw new KeyFileError(file, 'pub_key does not match priv_key');
  if (j.address !== key.address)
    throw new KeyFileError(
      file,
      `address ${JSON.stringify(j.address)} does not match pub_key (expected ${key.address})`,
    );
  return key;
}

/** Loads the key, or creates it (exclusively: if another process wrote the file meanwhile, its key wins). */
export function loadOrCreateRaceKey(file: string, randomBytes: RandomBytes = secureRandomBytes): RaceKey {
  return loadOrCreateKeyFile(
    file,
    (text) => parseRaceKey(text, file),
    () => generateRaceKey(randomBytes),
    encodeRaceKey,
  );
}
