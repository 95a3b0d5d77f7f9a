import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { BASE_DENOM } from '../../modules/bank/denoms.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';

/** What the fee needs of bank: move coins into the module account and burn them there. */
export interface FeeBank {
  sendCoinsFromAccountToModule(
    ctx: Context,
    from: string,
    module: string,
    coins: ReadonlyArray<{ denom: string; amount: bigint }>,
  ): void;
  burnCoins(ctx: Context, module: string, coins: ReadonlyArray<{ denom: string; amount: bigint }>): void;
}

/**
 * Registration costs `registration_fee` nicoin, burned (issue 11 item 6): a spammer filling `max_participants` with
 * fresh addresses pays it for each and never gets it back; nothing is refunded on pruning, so there is no deposit
 * to track or to game. Updating the keys of a registered participant is free. A balance short of the fee refuses
 * the registration and changes nothing.
 */
export function chargeRegistrationFee(ctx: Context, keeper: RaceKeeper, address: string, fee: bigint): void {
  if (fee === 0n) return;
  const bank = keeper.bank;
  if (!bank) throw RaceErrors.InvalidParams.wrap('registration_fee is set but the race module has no bank');
  const coins = [{ denom: BASE_DENOM, amount: fee }];
  try {
    bank.sendCoinsFromAccountToModule(ctx, address, 'race', coins);
  } catch (e) {
    throw RaceErrors.InsufficientFee.wrap(
      `registration costs ${fee}${BASE_DENOM} (registration_fee, burned): ${(e as Error).message}`,
    );
  }
  bank.burnCoins(ctx, 'race', coins);
  ctx.events.emit(
    event('race_registration_fee', [
      ['participant', address],
      ['burned', `${fee}${BASE_DENOM}`],
    ]),
  );
}
