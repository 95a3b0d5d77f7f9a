/** What the auth module adds to the chain's surface: accounts (vesting ones too) in Anys, MsgUpdateParams, REST and `raced query auth`. */
import * as authTypes from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import * as authTx from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import * as vestingTypes from 'cosmjs-types/cosmos/vesting/v1beta1/vesting';
import type { ModuleClient } from '../../../chain/client/module-client.js';
import { authRestRoutes } from '../rest.js';
import { authQueryCommands } from './commands.js';
import { AUTH_MSGS } from './msgs.js';

const nullIfAbsent = (o: Record<string, unknown> | undefined, key: string) => {
  if (o && typeof o === 'object' && o[key] === undefined) o[key] = null;
};

const vestingPubKey = (o: Record<string, unknown>) =>
  nullIfAbsent(
    (o.base_vesting_account as Record<string, unknown> | undefined)?.base_account as
      Record<string, unknown> | undefined,
    'pub_key',
  );

export const authClient: ModuleClient = {
  name: 'auth',
  summary: 'accounts: numbers, sequences and public keys',
  msgs: Object.values(AUTH_MSGS),
  anyTypes: [authTypes, authTx, vestingTypes],
  // An account without a public key prints "pub_key": null, as the gateway does.
  jsonFixups: {
    '/cosmos.auth.v1beta1.BaseAccount': (o) => nullIfAbsent(o, 'pub_key'),
    '/cosmos.auth.v1beta1.ModuleAccount': (o) =>
      nullIfAbsent(o.base_account as Record<string, unknown> | undefined, 'pub_key'),
    '/cosmos.vesting.v1beta1.ContinuousVestingAccount': (o) => vestingPubKey(o),
    '/cosmos.vesting.v1beta1.DelayedVestingAccount': (o) => vestingPubKey(o),
  },
  restRoutes: authRestRoutes,
  queryCommands: authQueryCommands,
};
