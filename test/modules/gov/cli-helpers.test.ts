/** Pure helpers of the gov and pricing CLI commands (modules/<m>/client/), and the commands the module list adds. */
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { Proposal } from 'cosmjs-types/cosmos/gov/v1/gov';
import { MsgUpdateParams as GovMsgUpdateParams } from 'cosmjs-types/cosmos/gov/v1/tx';
import { MsgRegisterModel } from '../../../proto/gen/race/registry/v1/tx.js';
import { govAddress } from '../../../modules/gov/authority.js';
import {
  proposalJson as proposalJsonWith,
  proposalMessageToAny as toAny,
  submitProposalMsg as submitWith,
} from '../../../modules/gov/client/proposal.js';
import { parseVotePrice } from '../../../modules/pricing/client/commands.js';
import { APP_CLIENTS, appTypeRegistry } from '../../../node/app/module-list.js';
import { buildProgram } from '../../../node/cli/main.js';
import { restJsonOf } from '../../../node/rest/json.js';

const types = appTypeRegistry();
const proposalMessageToAny = (j: Record<string, unknown>) => toAny(types, j);
const submitProposalMsg = (proposer: string, file: Parameters<typeof submitWith>[2]) =>
  submitWith(types, proposer, file);
const rest = restJsonOf(types);
const proposalJson = (p: Proposal) => proposalJsonWith((v) => rest.render(v), p);

describe('CLI: proposal files', () => {
  it('turns SDK-style {"@type", snake_case fields} into an Any, filling in the gov authority', () => {
    const any = proposalMessageToAny({
      '@type': '/race.registry.v1.MsgRegisterModel',
      model: {
        id: 'tiny',
        name: 'Tiny',
        onnx_sha256: 'a'.repeat(64),
        tokenizer_sha256: 'b'.repeat(64),
        units_per_input_token: '3',
        units_per_output_token: '7',
        context_length: '512',
        validation_threshold: '0.9',
      },
    });
    const msg = MsgRegisterModel.decode(any.value);
    expect(msg.authority).toBe(govAddress());
    expect(msg.model).toMatchObject({ id: 'tiny', unitsPerOutputToken: 7n, contextLength: 512n });
  });

  it('builds a MsgSubmitProposal with the deposit converted to nicoin, and refuses unknown types', () => {
    const m = submitProposalMsg('race1x', { messages: [], deposit: '1.5icon', title: 't', summary: 's' });
    expect((m.value as { initialDeposit: unknown }).initialDeposit).toEqual([
      { denom: 'nicoin', amount: '1500000000' },
    ]);
    expect(() => proposalMessageToAny({ '@type': '/x.MsgY' })).toThrow(/cannot be put in a proposal/);
    expect(() => proposalMessageToAny({})).toThrow(/@type/);
    expect(() => submitProposalMsg('race1x', { expedited: true })).toThrow(/expedited/);
  });
});

describe('CLI: gov durations and proposal output', () => {
  it('reads the SDK\'s "172800s" durations in a gov MsgUpdateParams proposal message, and refuses malformed ones', () => {
    const any = proposalMessageToAny({
      '@type': '/cosmos.gov.v1.MsgUpdateParams',
      params: { voting_period: '4.5s', max_deposit_period: '172800s', quorum: '0.334' },
    });
    const msg = GovMsgUpdateParams.decode(any.value);
    expect(msg.params?.votingPeriod).toEqual({ seconds: 4n, nanos: 500_000_000 });
    expect(msg.params?.maxDepositPeriod).toEqual({ seconds: 172800n, nanos: 0 });
    expect(() =>
      proposalMessageToAny({ '@type': '/cosmos.gov.v1.MsgUpdateParams', params: { voting_period: '2 days' } }),
    ).toThrow(/duration like "172800s"/);
  });

  it('prints a gov MsgUpdateParams in a proposal with the SDK\'s "Ns" durations', () => {
    const any = proposalMessageToAny({
      '@type': '/cosmos.gov.v1.MsgUpdateParams',
      params: { voting_period: '4.5s', max_deposit_period: '60s' },
    });
    const j = proposalJson(Proposal.fromPartial({ id: 1n, messages: [any] })) as {
      messages: Array<{ params: Record<string, unknown> }>;
    };
    expect(j.messages[0]!.params).toMatchObject({ voting_period: '4.5s', max_deposit_period: '60s' });
  });

  it('unpacks the messages of a proposal as the SDK prints them', () => {
    const any = proposalMessageToAny({ '@type': '/race.registry.v1.MsgDeregisterModel', model_id: 'tiny' });
    const j = proposalJson(
      Proposal.fromPartial({ id: 7n, messages: [any, { typeUrl: '/x.Unknown', value: Uint8Array.of(1, 2) }] }),
    ) as { id: string; messages: unknown[] };
    expect(j.id).toBe('7');
    expect(j.messages).toEqual([
      { '@type': '/race.registry.v1.MsgDeregisterModel', authority: govAddress(), model_id: 'tiny' },
      { '@type': '/x.Unknown', value: 'AQI=' },
    ]);
  });
});

describe('CLI: price votes', () => {
  it('keeps whole amounts in their denomination and sends fractions in nicoin', () => {
    expect(parseVotePrice('2uicon')).toEqual({ denom: 'uicon', amount: '2' });
    expect(parseVotePrice('1.5uicon')).toEqual({ denom: 'nicoin', amount: '1500' });
    expect(parseVotePrice('3icon')).toEqual({ denom: 'icon', amount: '3' });
  });

  it.each(['0nicoin', '2atom', 'abc', '0.0000000001icon', '1.5'])('refuses %s', (text) => {
    expect(() => parseVotePrice(text)).toThrow();
  });
});

describe('CLI: command registration', () => {
  it("adds a tx and a query group for each module of the app's list that declares commands", async () => {
    const program = await buildProgram();
    const names = (c: Command) => c.commands.map((x) => x.name()).sort();
    const tx = program.commands.find((c) => c.name() === 'tx')!;
    const query = program.commands.find((c) => c.name() === 'query')!;
    expect(names(tx)).toEqual(
      APP_CLIENTS.filter((m) => m.txCommands)
        .map((m) => m.name)
        .sort(),
    );
    expect(names(tx)).toEqual(['bank', 'gov', 'inference', 'issuance', 'pricing', 'race', 'registry']);
    expect(names(query)).toEqual(
      [...APP_CLIENTS.filter((m) => m.queryCommands).map((m) => m.name), 'block', 'tx'].sort(),
    );
    expect(names(tx.commands.find((c) => c.name() === 'gov')!)).toEqual(['deposit', 'submit-proposal', 'vote']);
    expect(names(query.commands.find((c) => c.name() === 'gov')!)).toEqual([
      'deposits',
      'params',
      'proposal',
      'proposals',
      'tally',
      'vote',
      'votes',
    ]);
    expect(names(query.commands.find((c) => c.name() === 'pricing')!)).toEqual([
      'model',
      'models',
      'params',
      'price',
      'vote',
      'votes',
    ]);
    expect(names(query.commands.find((c) => c.name() === 'race')!)).toEqual([
      'beacon',
      'convictions',
      'duties',
      'epoch',
      'operator',
      'outcomes',
      'params',
      'participant',
      'participants',
      'weights',
    ]);
  });

  it("takes gov's proposal messages from the module declarations", () => {
    expect(
      types
        .govMsgs()
        .map((d) => d.typeUrl)
        .sort(),
    ).toEqual([
      '/cosmos.auth.v1beta1.MsgUpdateParams',
      '/cosmos.bank.v1beta1.MsgSend',
      '/cosmos.bank.v1beta1.MsgUpdateParams',
      '/cosmos.gov.v1.MsgUpdateParams',
      '/race.inference.v1.MsgUpdateParams',
      '/race.issuance.v1.MsgUpdateParams',
      '/race.pricing.v1.MsgUpdateParams',
      '/race.race.v1.MsgUpdateParams',
      '/race.registry.v1.MsgDeregisterModel',
      '/race.registry.v1.MsgRegisterModel',
      '/race.registry.v1.MsgUpdateParams',
    ]);
  });
});
