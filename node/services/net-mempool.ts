/**
 * Mempool gossip on the `mempool` channel. Every tx that enters the mempool through RPC is published; a tx from a
 * peer goes through Mempool.checkTx inside the channel validator, so gossipsub relays only txs that passed CheckTx
 * here. Duplicates and txs that fail for state reasons (sequence, funds, fees, a full mempool: they may be fine on
 * the sender's state) are ignored; txs that can never be valid (undecodable, bad signature, too large, wrong chain)
 * are rejected, which scores the peer down. While block sync runs the app state is old, so gossip is ignored.
 */
import type { TxAdmission } from '../../chain/mempool/admission.js';
import { Mempool, MempoolError } from '../../chain/mempool/mempool.js';
import type { P2PHost, Verdict } from '../../chain/p2p/index.js';
import type { Logger } from '../../chain/util/log.js';

export const MEMPOOL_CHANNEL = 'mempool';

/** SDK codes (codespace "sdk") that no later state can fix: the tx itself is malformed or forged. */
const MALFORMED_SDK_CODES = new Set([2, 4, 7, 8, 10, 12, 14, 15, 21, 24, 28, 29, 31, 34, 41]);

export function verdictForCheckTx(res: { code: number; codespace: string }): Verdict {
  if (res.code === 0) return 'accept';
  return res.codespace === 'sdk' && MALFORMED_SDK_CODES.has(res.code) ? 'reject' : 'ignore';
}

export interface MempoolGossipDeps {
  p2p: Pick<P2PHost, 'broadcast'>;
  mempool: Pick<Mempool, 'checkTx' | 'onTxAdded'>;
  /** True while the node is catching up (its CheckTx state is old). */
  isSyncing: () => boolean;
  logger: Logger;
  /** Batches txs for parallel signature verification before CheckTx; without it each tx is checked on its own turn. */
  admission?: TxAdmission;
  /** Waits one event-loop turn before each CheckTx (default setImmediate; tests may inject). */
  yieldTurn?: () => Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class MempoolGossip {
  private receiving = false;
  private active = false;
  private listening = false;
  private readonly log: Logger;

  constructor(
    _opts: Record<string, never>,
    private readonly deps: MempoolGossipDeps,
  ) {
    this.log = deps.logger.child({ module: 'net-mempool' });
  }

  start(): void {
    this.active = true;
    if (this.listening) return;
    this.listening = true;
    this.deps.mempool.onTxAdded((tx) => {
      // Txs from peers are relayed by gossipsub itself once the validator accepts them.
      if (!this.active || this.receiving) return;
      this.deps.p2p
        .broadcast(MEMPOOL_CHANNEL, tx)
        .catch((err: unknown) => this.log.debug({ err: (err as Error).message }, 'tx broadcast failed'));
    });
  }

  stop(): void {
    this.active = false;
  }

  /**
   * Validator for the `mempool` channel: CheckTx decides what is relayed and who is blamed. Each tx first yields one
   * event-loop turn: under a tx flood gossipsub queues hundreds of validations, and without the yield the votes and
   * proposals read meanwhile would wait behind all of that CheckTx work (seconds on a busy node; rounds time out).
   */
  readonly validate = async (tx: Uint8Array, from: string): Promise<Verdict> => {
    if (!this.deps.admission) await (this.deps.yieldTurn ?? nextTurn)();
    if (!this.active || this.deps.isSyncing()) return 'ignore';
    try {
      const res = this.deps.admission
        ? await this.deps.admission.submit(tx, (t) => this.checkFromPeer(t))
        : this.checkFromPeer(tx);
      const verdict = verdictForCheckTx(res);
      if (verdict === 'reject') this.log.debug({ peer: from }, 'peer sent a tx that can never be valid');
      return verdict;
    } catch (err) {
      if (err instanceof MempoolError) return 'ignore';
      throw err;
    }
  };

  /** CheckTx for a peer's tx: gossipsub relays it itself, so our own broadcast listener stays quiet meanwhile. */
  private checkFromPeer(tx: Uint8Array) {
    this.receiving = true;
    try {
      return this.deps.mempool.checkTx(tx);
    } finally {
      this.receiving = false;
    }
  }
}
