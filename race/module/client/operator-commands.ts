/**
 * `raced tx race set-operator <participant> <operator>` and `raced tx race rotate-hot-key <participant> <new_key>`,
 * signed with a keyring key (`--from`, any backend, Ledger included): the operator's.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { RACE_MSGS } from './msgs.js';

function address(a: string, what: string): string {
  if (!isValidAddress(a)) throw new CliError(`invalid ${what} address "${a}": expected a race1… address`);
  return a;
}

/** A new hot key's public key: 66 hex characters, or a node's config/race_key.json (only its pub_key is read). */
export function newHotKeyPubKey(arg: string): Uint8Array {
  if (/^[0-9a-fA-F]{66}$/.test(arg)) return Uint8Array.from(Buffer.from(arg, 'hex'));
  let j: { pub_key?: { value?: unknown } };
  try {
    j = JSON.parse(readFileSync(arg, 'utf8')) as typeof j;
  } catch (e) {
    throw new CliError(
      `"${arg}" is neither a 33-byte hex public key nor a readable race_key.json: ${(e as Error).message}`,
    );
  }
  const b64 = j.pub_key?.value;
  const pub = typeof b64 === 'string' ? Uint8Array.from(Buffer.from(b64, 'base64')) : new Uint8Array(0);
  if (pub.length !== 33) throw new CliError(`${arg} has no 33-byte pub_key.value (base64)`);
  return pub;
}

export function raceTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(
      tx,
      'set-operator <participant> <operator>',
      "name the operator (cold) address whose gov and price votes count with the participant's weight; --from is " +
        'the current operator (or the hot key itself, once, while none is set)',
    )
    .action(async (participant: string, operator: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const p = address(participant, 'participant');
      const op = address(operator, 'operator');
      await cli.broadcast(opts, (sender) => [
        { typeUrl: RACE_MSGS.setOperator.typeUrl, value: { signer: sender, participant: p, operator: op } },
      ]);
    });
  cli
    .txCommand(
      tx,
      'rotate-hot-key <participant> <new_pub_key_hex_or_race_key_json>',
      "retire the participant's hot key and move its weight and consensus key to a new one; --from is the operator",
    )
    .action(async (participant: string, key: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const p = address(participant, 'participant');
      const newPubKey = newHotKeyPubKey(key);
      await cli.broadcast(opts, (sender) => [
        { typeUrl: RACE_MSGS.rotateHotKey.typeUrl, value: { operator: sender, participant: p, newPubKey } },
      ]);
    });
}
