/** The gov harness's chain with a registered model and helpers to sign requests and finishes as a developer and an executor would. */
import { sha256 } from '@noble/hashes/sha2.js';
import { signSecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { finishSignBytes, requestSignBytes } from '../../../modules/inference/sign-bytes.js';
import { defaultInferenceGenesis } from '../../../modules/inference/genesis.js';
import { INFERENCE_URLS } from '../../../modules/inference/client/msgs.js';
import { INFERENCE_QUERY_PREFIX } from '../../../modules/inference/query-server.js';
import {
  MsgStartInferencesResponse,
  MsgFinishInferencesResponse,
  MsgRetryInferencesResponse,
  type FinishReport,
  type StartRequest,
} from '../../../proto/gen/race/inference/v1/tx.js';
import { QueryParticipantRequest, QueryParticipantResponse } from '../../../proto/gen/race/inference/v1/query.js';
import { CHAIN_ID, hex64, msgResponses, TestChain, type ChainOpts, type TestAccount } from '../gov/harness.js';

export const MODEL = 'race/tiny-1';
/** units per token 1 in, 2 out at the default 1000 nicoin per unit; the default request fee is 1000 nicoin. */
export const P_IN = 1000n;
export const P_OUT = 2000n;
export const FEE = 1000n;

export function modelGenesis(ids: string[] = [MODEL]) {
  return {
    params: { max_models: '10' },
    models: ids.map((id) => ({
      model: {
        id,
        name: id,
        onnx_sha256: hex64('a'),
        tokenizer_sha256: hex64('b'),
        units_per_input_token: '1',
        units_per_output_token: '2',
        context_length: '4096',
        validation_threshold: '0.9',
      },
      registered_height: '0',
    })),
  };
}

export function inferenceGenesis(params: Record<string, unknown> = {}) {
  const g = defaultInferenceGenesis();
  return { ...g, params: { ...(g.params as object), ...params } };
}

export async function startChain(opts: ChainOpts & { inferenceParams?: Record<string, unknown> }): Promise<TestChain> {
  return new TestChain({
    ...opts,
    genesis: { registry: modelGenesis(), inference: inferenceGenesis(opts.inferenceParams), ...opts.genesis },
  }).start();
}

export const cpu = { deviceKind: 'cpu', gpus: [] };

export function registerMsg(executor: TestAccount, models: string[] = [MODEL], hardware: unknown = cpu) {
  return { typeUrl: INFERENCE_URLS.registerExecutor, value: { executor: executor.address, models, hardware } };
}

let nonce = 0;
/** A developer's signed request for `relay`, at `timeNs`. */
export function request(
  dev: TestAccount,
  relay: TestAccount,
  timeNs: bigint,
  o: Partial<StartRequest> = {},
): StartRequest {
  const requestHash = o.requestHash ?? sha256(new TextEncoder().encode(`body ${nonce++}`));
  const requestTimeNs = o.requestTimeNs ?? timeNs;
  return {
    requesterPubKey: dev.pub,
    modelId: MODEL,
    requestHash,
    requestTimeNs,
    promptTokens: 10n,
    maxOutputTokens: 50n,
    signature: signSecp256k1(requestSignBytes(CHAIN_ID, relay.address, requestHash, requestTimeNs), dev.priv),
    ...o,
  };
}

export function startMsg(relay: TestAccount, requests: StartRequest[]) {
  return { typeUrl: INFERENCE_URLS.startInferences, value: { relay: relay.address, requests } };
}

export function report(
  id: Uint8Array,
  executor: TestAccount,
  promptTokens: bigint,
  completionTokens: bigint,
  deliveredTokens = completionTokens,
): FinishReport {
  const responseHash = sha256(id);
  return {
    id,
    promptTokens,
    completionTokens,
    responseHash,
    deliveredTokens,
    executorSignature: signSecp256k1(finishSignBytes(id, promptTokens, completionTokens, responseHash), executor.priv),
  };
}

export function finishMsg(relay: TestAccount, reports: FinishReport[]) {
  return { typeUrl: INFERENCE_URLS.finishInferences, value: { relay: relay.address, reports } };
}

export async function start(chain: TestChain, relay: TestAccount, requests: StartRequest[]) {
  const r = await chain.exec(relay, [startMsg(relay, requests)]);
  return MsgStartInferencesResponse.decode(msgResponses(r)[0]!.value).started;
}

export function retryMsg(relay: TestAccount, ids: Uint8Array[]) {
  return { typeUrl: INFERENCE_URLS.retryInferences, value: { relay: relay.address, ids } };
}

export async function retry(chain: TestChain, relay: TestAccount, ids: Uint8Array[]) {
  const r = await chain.exec(relay, [retryMsg(relay, ids)]);
  return MsgRetryInferencesResponse.decode(msgResponses(r)[0]!.value).started;
}

export async function finish(chain: TestChain, relay: TestAccount, reports: FinishReport[]) {
  const r = await chain.exec(relay, [finishMsg(relay, reports)]);
  return MsgFinishInferencesResponse.decode(msgResponses(r)[0]!.value).settled;
}

export async function participant(chain: TestChain, address: string) {
  return QueryParticipantResponse.decode(
    await chain.query(`${INFERENCE_QUERY_PREFIX}/Participant`, QueryParticipantRequest.encode({ address }).finish()),
  );
}

export function keeperOf(chain: TestChain) {
  return chain.keepers.inference;
}
