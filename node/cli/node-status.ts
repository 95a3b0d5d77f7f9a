/**
 * Gathers what `raced status` prints: CometBFT `status` (the JSON `-o json` prints unchanged), `net_info`, and the
 * Race module's epoch, weights and this node's participant, matched by the validator's ed25519 consensus key.
 * Race and peer details are best-effort: a node that cannot answer them still gets its core status printed.
 */
import type { Participant, ProofSummary, Weight } from '../../proto/gen/race/race/v1/types.js';
import {
  QueryEpochRequest,
  QueryEpochResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryParticipantsRequest,
  QueryParticipantsResponse,
  QueryWeightsRequest,
  QueryWeightsResponse,
} from '../../proto/gen/race/race/v1/query.js';
import { RACE_QUERY_PREFIX } from '../../race/module/query-path.js';
import { CliError } from './output.js';
import { nodeUrl } from './node-url.js';
import { withQueryClient } from './rpc-client.js';
import type { NodeStatusView } from './status-text.js';

/** The parts of CometBFT's status result the summary reads. */
export interface RawStatus {
  node_info: { network: string; moniker: string };
  sync_info: { latest_block_height: string; latest_block_time: string; catching_up: boolean };
  validator_info: { address: string; pub_key: { value: string }; voting_power: string };
}

export interface RaceReadings {
  epoch: { epoch: bigint; phase: string; nextEpochHeight: bigint };
  weights: { weights: Weight[]; totalWeight: bigint };
  participants: Participant[];
  /** The matched participant's proof in the current epoch. */
  proof?: ProofSummary;
}

/** Calls one JSON-RPC method with no params; its result, or a CliError naming the node. */
export async function rpcResult(url: string, method: string): Promise<unknown> {
  let body: { result?: unknown; error?: unknown };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: {} }),
    });
    body = (await res.json()) as typeof body;
  } catch (e) {
    throw new CliError(`cannot reach the node at ${url}: ${(e as Error).message}`);
  }
  if (!body.result) throw new CliError(`${method} failed: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** The participant whose consensus key is this validator's (base64 as status prints it). */
export function ownParticipant(participants: readonly Participant[], consensusKeyB64: string): Participant | undefined {
  return participants.find((p) => Buffer.from(p.consensusPubKey).toString('base64') === consensusKeyB64);
}

/** Pure: the summary's fields from the node's answers. */
export function statusViewOf(
  status: RawStatus,
  peers: number | undefined,
  race: RaceReadings | undefined,
): NodeStatusView {
  const s = status.sync_info;
  const view: NodeStatusView = {
    network: status.node_info.network,
    moniker: status.node_info.moniker,
    height: s.latest_block_height,
    latestBlockTime: s.latest_block_time,
    catchingUp: s.catching_up,
    peers,
    validator: { address: status.validator_info.address, votingPower: status.validator_info.voting_power },
  };
  if (race) {
    const own = ownParticipant(race.participants, status.validator_info.pub_key.value);
    const power = own ? (race.weights.weights.find((w) => w.address === own.address)?.power ?? 0n) : 0n;
    view.race = {
      epoch: race.epoch.epoch.toString(),
      phase: race.epoch.phase,
      nextEpochHeight: race.epoch.nextEpochHeight.toString(),
      totalWeight: race.weights.totalWeight.toString(),
      participant: own && {
        address: own.address,
        weight: own.weight.toString(),
        power: power.toString(),
        noncesThisEpoch: (race.proof?.epoch === race.epoch.epoch ? race.proof.nonceCount : 0n).toString(),
      },
    };
  }
  return view;
}

async function readRace(node: string | undefined, consensusKeyB64: string): Promise<RaceReadings> {
  return withQueryClient(node, async (q) => {
    const ask = async <T>(method: string, req: Uint8Array, decode: (b: Uint8Array) => T) =>
      decode((await q.queryAbci(`${RACE_QUERY_PREFIX}/${method}`, req)).value);
    const epoch = (await ask('Epoch', QueryEpochRequest.encode({}).finish(), QueryEpochResponse.decode)).epoch;
    if (!epoch) throw new Error('the node returned no epoch');
    const weights = await ask('Weights', QueryWeightsRequest.encode({}).finish(), QueryWeightsResponse.decode);
    const { participants } = await ask(
      'Participants',
      QueryParticipantsRequest.encode({}).finish(),
      QueryParticipantsResponse.decode,
    );
    const own = ownParticipant(participants, consensusKeyB64);
    const proof = own
      ? (
          await ask(
            'Participant',
            QueryParticipantRequest.encode({ address: own.address }).finish(),
            QueryParticipantResponse.decode,
          )
        ).proof
      : undefined;
    return { epoch, weights, participants, proof };
  });
}

/** The raw status (for `-o json`) and the summary (for text). */
export async function fetchNodeStatus(
  node: string | undefined,
): Promise<{ raw: RawStatus; view: () => Promise<NodeStatusView> }> {
  const url = nodeUrl(node);
  const raw = (await rpcResult(url, 'status')) as RawStatus;
  return {
    raw,
    async view() {
      const peers = await rpcResult(url, 'net_info').then(
        (r) => Number((r as { n_peers: string }).n_peers),
        () => undefined,
      );
      const race = await readRace(node, raw.validator_info.pub_key.value).catch(() => undefined);
      return statusViewOf(raw, peers, race);
    },
  };
}
