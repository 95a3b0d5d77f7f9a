import { SdkError } from '../../chain/types/errors.js';

const gov = (code: number, description: string) => new SdkError('gov', code, description);

/** x/gov's registered errors (codespace "gov"), with the SDK's codes and texts. */
export const GovErrors = {
  UnknownProposal: gov(2, 'unknown proposal'),
  InactiveProposal: gov(3, 'inactive proposal'),
  InvalidProposalContent: gov(5, 'invalid proposal content'),
  InvalidVote: gov(7, 'invalid vote option'),
  InvalidGenesis: gov(8, 'invalid genesis state'),
  UnroutableProposalMsg: gov(10, 'proposal message not recognized by router'),
  NoProposalMsgs: gov(11, 'no messages proposed'),
  InvalidProposalMsg: gov(12, 'invalid proposal message'),
  InvalidSigner: gov(13, 'expected gov account as only signer for proposal message'),
  MetadataTooLong: gov(15, 'metadata too long'),
  MinDepositTooSmall: gov(16, 'minimum deposit is too small'),
  InvalidProposer: gov(18, 'invalid proposer'),
  VotingPeriodEnded: gov(20, 'voting period already ended'),
  InvalidProposal: gov(21, 'invalid proposal'),
  SummaryTooLong: gov(22, 'summary too long'),
  InvalidDepositDenom: gov(23, 'invalid deposit denom'),
  TitleTooLong: gov(24, 'title too long'),
} as const;
