/** Proposal files as the SDK's CLI reads them, and proposals as it prints them; the message table is the type registry's. */
import type { EncodeObject } from '@cosmjs/proto-signing';
import { Proposal } from 'cosmjs-types/cosmos/gov/v1/gov';
import { Any } from 'cosmjs-types/google/protobuf/any';
import { CliError } from '../../../chain/client/cli-error.js';
import type { TypeRegistry } from '../../../chain/client/type-registry.js';
import { camelCase } from '../../../chain/util/json-case.js';
import { parseUserCoins } from '../../bank/client/coins-input.js';
import { govAddress } from '../authority.js';

/** The SDK writes durations as "172800s"; the ts-proto codecs read {seconds, nanos}. */
function durationValue(key: string, x: unknown): unknown {
  if (!/Period$/.test(key) || typeof x !== 'string') return x;
  const m = /^([0-9]{1,15})(?:\.([0-9]{1,9}))?s$/.exec(x);
  if (!m) throw new CliError(`${key} must be a duration like "172800s", got ${JSON.stringify(x)}`);
  return { seconds: m[1], nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

function fromSdkJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromSdkJson);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [
      camelCase(k),
      durationValue(camelCase(k), fromSdkJson(x)),
    ]),
  );
}

/** One embedded message from the SDK's proposal JSON ({"@type": url, …fields}); a missing authority means gov's. */
export function proposalMessageToAny(types: TypeRegistry, j: Record<string, unknown>): Any {
  const typeUrl = j['@type'];
  if (typeof typeUrl !== 'string') throw new CliError('every proposal message needs an "@type"');
  const decl = types.msg(typeUrl);
  if (!decl?.gov)
    throw new CliError(
      `message type ${typeUrl} cannot be put in a proposal from the CLI; known: ${types
        .govMsgs()
        .map((d) => d.typeUrl)
        .join(', ')}`,
    );
  const fields = fromSdkJson(Object.fromEntries(Object.entries(j).filter(([k]) => k !== '@type'))) as Record<
    string,
    unknown
  >;
  if (fields.authority === undefined && 'authority' in (decl.codec.fromPartial({}) as object))
    fields.authority = govAddress();
  return Any.fromPartial({ typeUrl, value: decl.codec.encode(decl.codec.fromJSON(fields)).finish() });
}

export interface ProposalFile {
  messages?: Array<Record<string, unknown>>;
  metadata?: string;
  deposit?: string;
  title?: string;
  summary?: string;
  expedited?: boolean;
}

export function submitProposalMsg(types: TypeRegistry, proposer: string, file: ProposalFile): EncodeObject {
  if (file.expedited) throw new CliError('expedited proposals are not supported on this chain');
  const deposit = file.deposit ? parseUserCoins(file.deposit) : [];
  return {
    typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
    value: {
      messages: (file.messages ?? []).map((m) => proposalMessageToAny(types, m)),
      initialDeposit: deposit.map((c) => ({ denom: c.denom, amount: c.amount.toString() })),
      proposer,
      metadata: file.metadata ?? '',
      title: file.title ?? '',
      summary: file.summary ?? '',
      expedited: false,
    },
  };
}

/** A proposal as the SDK prints it: its messages unpacked ({"@type", …fields}) when the registry knows their type. */
export function proposalJson(json: (v: unknown) => unknown, p: Proposal): unknown {
  return json(Proposal.toJSON(p));
}
