/**
 * `raced status` for people: a few aligned lines from what the node reports (CometBFT status and net_info, the Race
 * module's epoch, weights and this node's participant). Pure: the command gathers a NodeStatusView, this prints it.
 */

export interface NodeStatusView {
  network: string;
  moniker: string;
  height: string;
  /** RFC 3339, as CometBFT prints it. */
  latestBlockTime: string;
  catchingUp: boolean;
  /** Absent when net_info failed. */
  peers?: number;
  validator: { address: string; votingPower: string };
  /** Absent when the node answered no Race queries. */
  race?: {
    epoch: string;
    phase: string;
    nextEpochHeight: string;
    totalWeight: string;
    /** The participant whose consensus key is this node's validator key, if registered. */
    participant?: { address: string; weight: string; power: string; noncesThisEpoch: string };
  };
  /** Only when the node reports an OpenAI-compatible inference endpoint. */
  inferenceUrl?: string;
}

/** weight/total as a percentage with one decimal, in integers so "33.3%" never reads "33.299999%". */
export function share(weight: string, total: string): string {
  const w = BigInt(weight);
  const t = BigInt(total);
  if (t === 0n) return '0%';
  const permille = (w * 1000n + t / 2n) / t;
  return `${permille / 10n}.${permille % 10n}%`;
}

function miner(race: NonNullable<NodeStatusView['race']>): string {
  const p = race.participant;
  if (!p) return "not a Race participant (no registered participant has this node's consensus key)";
  return `${p.address}: ${p.noncesThisEpoch} nonces submitted in epoch ${race.epoch}`;
}

export function renderStatusText(v: NodeStatusView): string {
  const rows: Array<[string, string]> = [
    ['network', `${v.network} (moniker ${v.moniker})`],
    ['height', `${v.height} at ${v.latestBlockTime}`],
    ['catching up', v.catchingUp ? 'yes' : 'no'],
  ];
  if (v.peers !== undefined) rows.push(['peers', String(v.peers)]);
  rows.push([
    'validator',
    `${v.validator.address}, voting power ${v.validator.votingPower}${v.validator.votingPower === '0' ? ' (not in the active set)' : ''}`,
  ]);
  if (v.race) {
    const p = v.race.participant;
    rows.push([
      'race weight',
      p
        ? `${p.weight} of ${v.race.totalWeight} (${share(p.weight, v.race.totalWeight)}), consensus power ${p.power}`
        : `none of ${v.race.totalWeight}`,
    ]);
    rows.push(['epoch', `${v.race.epoch}, phase ${v.race.phase}, next epoch at height ${v.race.nextEpochHeight}`]);
    rows.push(['miner', miner(v.race)]);
  }
  if (v.inferenceUrl) rows.push(['inference API', v.inferenceUrl]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, val]) => `${k.padEnd(width)}  ${val}`).join('\n') + '\n';
}
