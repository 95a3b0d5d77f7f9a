/**
 * The gov messages (v1 and the v1beta1 views). Their amino JSON stays with their routes: a proposal's renders each
 * embedded message through the app's router. CosmJS's own gov converters match it.
 */
import * as v1 from 'cosmjs-types/cosmos/gov/v1/tx';
import * as v1beta1 from 'cosmjs-types/cosmos/gov/v1beta1/tx';
import { msgDecl } from '../../../chain/client/module-client.js';

export const GOV_MSGS = {
  submitProposal: msgDecl({ typeUrl: '/cosmos.gov.v1.MsgSubmitProposal', codec: v1.MsgSubmitProposal }),
  deposit: msgDecl({ typeUrl: '/cosmos.gov.v1.MsgDeposit', codec: v1.MsgDeposit }),
  vote: msgDecl({ typeUrl: '/cosmos.gov.v1.MsgVote', codec: v1.MsgVote }),
  voteWeighted: msgDecl({ typeUrl: '/cosmos.gov.v1.MsgVoteWeighted', codec: v1.MsgVoteWeighted }),
  updateParams: msgDecl({ typeUrl: '/cosmos.gov.v1.MsgUpdateParams', codec: v1.MsgUpdateParams, gov: true }),
  legacySubmitProposal: msgDecl({ typeUrl: '/cosmos.gov.v1beta1.MsgSubmitProposal', codec: v1beta1.MsgSubmitProposal }),
  legacyDeposit: msgDecl({ typeUrl: '/cosmos.gov.v1beta1.MsgDeposit', codec: v1beta1.MsgDeposit }),
  legacyVote: msgDecl({ typeUrl: '/cosmos.gov.v1beta1.MsgVote', codec: v1beta1.MsgVote }),
  legacyVoteWeighted: msgDecl({ typeUrl: '/cosmos.gov.v1beta1.MsgVoteWeighted', codec: v1beta1.MsgVoteWeighted }),
};
