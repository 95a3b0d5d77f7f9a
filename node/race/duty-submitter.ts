/**
 * Signs duty messages with the node's Race hot key and puts them straight into the node's own mempool (CheckTx, then
 * gossip as any tx). Tracks the account sequence locally so several duty txs can wait in one block, and recovers:
 * a CheckTx "wrong sequence" answer resets it to the sequence the app expects; after each committed block with none
 * of our txs left in the mempool it re-reads the committed account (after a restart, a tx dropped on recheck, a tx
 * that failed in DeliverTx — its sequence is still spent — or another process signing with the same key).
 */
import type { CheckTxResult } from '../../chain/abci.js';
import { Mempool } from '../../chain/mempool/mempool.js';
import type { Logger } from '../../chain/util/log.js';
import { signDutyTx, type DutyTxInput, type EncodedMsg } from './duty-tx.js';
import type { RaceKey } from './race-key.js';

/** The SDK's ErrWrongSequence. */
const WRONG_SEQUENCE = 32;

export interface DutySubmitterOpts {
  chainId: string;
  /** Gas limit of a duty tx: base + perByte × message bytes (duty txs pay no fee; the limit only bounds work). */
  baseGas?: bigint;
  gasPerByte?: bigint;
}

export interface DutyMempool {
  checkTx(tx: Uint8Array): CheckTxResult;
  has(tx: Uint8Array): boolean;
}

export interface DutySubmitterDeps {
  key: RaceKey;
  mempool: DutyMempool;
  /** The account as committed (account number and sequence), undefined while it does not exist on chain. */
  account: (address: string) => { accountNumber: bigint; sequence: bigint } | undefined;
  log: Logger;
}

export type SubmitResult =
  { ok: true; hash: string; sequence: bigint; bytes: number } | { ok: false; code: number; log: string };

export interface SubmitterStats {
  submitted: number;
  rejected: number;
  resyncs: number;
}

export class DutySubmitter {
  private next: { accountNumber: bigint; sequence: bigint } | undefined;
  private pending: Uint8Array[] = [];
  private missingAccountLogged = false;
  readonly stats: SubmitterStats = { submitted: 0, rejected: 0, resyncs: 0 };

  constructor(
    private readonly opts: DutySubmitterOpts,
    private readonly deps: DutySubmitterDeps,
  ) {}

  get address(): string {
    return this.deps.key.address;
  }

  /** The sequence the next tx will carry (undefined until the account is known). */
  get nextSequence(): bigint | undefined {
    return this.next?.sequence;
  }

  /** Signs `msgs` into one tx and submits it; never throws for a refused tx. `what` names it in logs. */
  submit(msgs: readonly EncodedMsg[], what: string, gasLimit?: bigint, fee?: DutyTxInput['fee']): SubmitResult {
    if (msgs.length === 0) return { ok: false, code: -1, log: 'nothing to submit' };
    if (!this.next && !this.resync()) {
      const log = `race account ${this.address} does not exist on chain yet: fund it to take part in the Race`;
      if (!this.missingAccountLogged) this.deps.log.warn({ address: this.address, what }, log);
      this.missingAccountLogged = true;
      return { ok: false, code: -1, log };
    }
    const bytes = msgs.reduce((n, m) => n + m.value.length, 0);
    const gas = gasLimit ?? (this.opts.baseGas ?? 20_000_000n) + (this.opts.gasPerByte ?? 100n) * BigInt(bytes);
    for (let attempt = 0; ; attempt++) {
      const { accountNumber, sequence } = this.next!;
      const tx = signDutyTx({
        msgs,
        chainId: this.opts.chainId,
        accountNumber,
        sequence,
        gasLimit: gas,
        fee,
        privKey: this.deps.key.privKey,
        pubKey: this.deps.key.pubKey,
      });
      let res: CheckTxResult;
      try {
        res = this.deps.mempool.checkTx(tx);
      } catch (e) {
        this.stats.rejected++;
        this.deps.log.warn({ what, err: (e as Error).message }, 'race duty tx refused by the mempool');
        return { ok: false, code: -1, log: (e as Error).message };
      }
      if (res.code === 0) {
        this.next = { accountNumber, sequence: sequence + 1n };
        this.pending.push(tx);
        this.stats.submitted++;
        const hash = Mempool.hashOf(tx);
        this.deps.log.debug({ what, sequence: sequence.toString(), bytes: tx.length, hash }, 'race duty tx submitted');
        return { ok: true, hash, sequence, bytes: tx.length };
      }
      if (res.code === WRONG_SEQUENCE && res.codespace === 'sdk' && attempt === 0) {
        const expected = /expected ([0-9]+)/.exec(res.log)?.[1];
        this.stats.resyncs++;
        this.deps.log.info({ what, log: res.log }, 'race duty tx had a stale sequence; retrying with the expected one');
        if (expected !== undefined) this.next = { accountNumber, sequence: BigInt(expected) };
        else if (!this.resync()) return { ok: false, code: res.code, log: res.log };
        continue;
      }
      this.stats.rejected++;
      this.deps.log.warn(
        { what, code: res.code, codespace: res.codespace, log: res.log },
        'race duty tx rejected by CheckTx',
      );
      return { ok: false, code: res.code, log: res.log };
    }
  }

  /** After each committed block: forget included txs; with none left waiting, re-read the committed sequence. */
  onBlockCommitted(): void {
    this.pending = this.pending.filter((tx) => this.deps.mempool.has(tx));
    if (this.pending.length === 0) this.resync();
  }

  private resync(): boolean {
    const acc = this.deps.account(this.address);
    if (!acc) {
      this.next = undefined;
      return false;
    }
    if (this.next && this.next.sequence !== acc.sequence) {
      this.stats.resyncs++;
      this.deps.log.info(
        { local: this.next.sequence.toString(), committed: acc.sequence.toString() },
        'race duty sequence re-read from the committed state',
      );
    }
    this.next = { accountNumber: acc.accountNumber, sequence: acc.sequence };
    return true;
  }
}
