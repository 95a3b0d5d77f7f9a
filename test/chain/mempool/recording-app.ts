/** A stateless fake app for mempool tests: passes every tx except those in `reject`, and records each CheckTx it is asked. */
import type { CheckTxResult } from '../../../chain/abci.js';

export class RecordingApp {
  readonly calls: string[] = [];
  readonly reject = new Set<string>();
  /** Gas wanted per tx text; 1 when absent. */
  readonly gas = new Map<string, bigint>();
  resets = 0;

  checkTx(tx: Uint8Array, kind: 'new' | 'recheck'): CheckTxResult {
    const text = new TextDecoder().decode(tx);
    this.calls.push(`${kind}:${text}`);
    if (this.reject.has(text))
      return { code: 5, codespace: 'sdk', log: 'rejected', gasWanted: 0n, gasUsed: 0n, events: [] };
    const gasWanted = this.gas.get(text) ?? 1n;
    return { code: 0, codespace: '', log: '', gasWanted, gasUsed: gasWanted, events: [] };
  }

  resetCheckState(): void {
    this.resets++;
    // Rechecks must follow a reset: mark it in the call log so tests can see the order.
    this.calls.push('reset');
  }
}
