import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinalizeBlockResponse, ValidatorUpdate } from '../../../chain/abci.js';
import { BaseApp } from '../../../chain/app/base-app.js';
import type { Context } from '../../../chain/app/context.js';
import type { AppModule } from '../../../chain/app/module.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { ChainDb } from '../../../chain/store/db.js';
import { utf8 } from '../../../chain/store/kv.js';
import { MsgRegistry } from '../../../chain/tx/registry.js';
import { event, type AbciEvent } from '../../../chain/types/events.js';
import { silentLogger, type Logger } from '../../../chain/util/log.js';

const CHAIN_ID = 'hooks-test-1';
const T0 = 1_700_000_000_000_000_000n;
const updateOf = (fill: number, power: bigint): ValidatorUpdate => ({ pubKey: new Uint8Array(32).fill(fill), power });

/**
 * A module whose hooks write a key per height, emit an event and (EndBlock) return a validator update. `behaviour`
 * says, per height, whether it does that, does nothing, or does it and then throws (a keeper bug mid-hook).
 */
class HookModule implements AppModule {
  readonly storeKey: string;

  constructor(
    readonly name: string,
    private readonly fill: number,
    private readonly behaviour: (height: number) => 'write' | 'quiet' | 'throw' = () => 'write',
  ) {
    this.storeKey = name;
  }

  registerServices(): void {}
  defaultGenesis() {
    return {};
  }
  initGenesis(): void {}
  exportGenesis() {
    return {};
  }

  beginBlock(ctx: Context): void {
    this.run(ctx, 'begin');
  }

  endBlock(ctx: Context): ValidatorUpdate[] {
    return this.run(ctx, 'end') ? [updateOf(this.fill, BigInt(ctx.block.height))] : [];
  }

  private run(ctx: Context, hook: string): boolean {
    const b = this.behaviour(ctx.block.height);
    if (b === 'quiet') return false;
    const kv = ctx.kvFree(this.storeKey);
    kv.set(utf8(`${hook}/${ctx.block.height}`), Uint8Array.of(this.fill));
    // What this module wrote before, as the later modules of the block see it: a partial write would show here.
    kv.set(utf8(`seen/${hook}`), utf8(String([...ctx.store.iterate()].length)));
    ctx.events.emit(event(`${this.name}_${hook}`, [['height', String(ctx.block.height)]]));
    if (b === 'throw') throw new Error(`${this.name} ${hook} bug at ${ctx.block.height}`);
    return true;
  }
}

const dirs: string[] = [];
const dbs: ChainDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function chain(modules: AppModule[], log: Logger = silentLogger()): Promise<BaseApp> {
  const dir = mkdtempSync(join(tmpdir(), 'race-hooks-'));
  dirs.push(dir);
  const db = await ChainDb.open(join(dir, 'chain.db'));
  dbs.push(db);
  const store = await CommitStore.open(db);
  const app = new BaseApp(
    { name: 'hooks', version: 'test', chainId: CHAIN_ID },
    { store, modules, registry: new MsgRegistry(), anteHandler: () => {}, log },
  );
  await app.initChain({ chainId: CHAIN_ID, timeNs: T0, initialHeight: 1, validators: [], appStateJson: '' });
  return app;
}

async function block(app: BaseApp, height: number): Promise<FinalizeBlockResponse> {
  const res = await app.finalizeBlock({
    height,
    timeNs: T0 + BigInt(height) * 1_000_000_000n,
    hash: new Uint8Array(32).fill(height),
    proposerAddress: new Uint8Array(20),
    txs: [],
    decidedLastCommit: { round: 0, votes: [] },
    misbehavior: [],
  });
  await app.commit();
  return res;
}

function read(app: BaseApp, storeKey: string, key: string): Uint8Array | undefined {
  return app.queryContext().kvFree(storeKey).get(utf8(key));
}

const attrs = (e: AbciEvent) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));

describe('BaseApp block hooks', () => {
  // The faulty module sits between two sound ones, so a leak of its writes would reach the module after it.
  const modules = (faulty: (h: number) => 'write' | 'quiet' | 'throw') => [
    new HookModule('alpha', 1),
    new HookModule('faulty', 2, faulty),
    new HookModule('omega', 3),
  ];
  const failsAt2 = (h: number) => (h === 2 ? 'throw' : 'write');
  const quietAt2 = (h: number) => (h === 2 ? 'quiet' : 'write');

  it("drops all of a throwing hook's writes, events and validator updates, keeps the others', and reports the failure", async () => {
    const log = silentLogger();
    const logged = jest.spyOn(log, 'error');
    const app = await chain(modules(failsAt2), log);
    await block(app, 1);
    const res = await block(app, 2);

    expect(read(app, 'faulty', 'begin/2')).toBeUndefined();
    expect(read(app, 'faulty', 'end/2')).toBeUndefined();
    expect(read(app, 'faulty', 'begin/1')).toEqual(Uint8Array.of(2));
    for (const m of ['alpha', 'omega']) {
      expect(read(app, m, 'begin/2')).toBeDefined();
      expect(read(app, m, 'end/2')).toBeDefined();
    }
    expect(res.validatorUpdates).toEqual([updateOf(1, 2n), updateOf(3, 2n)]);

    const types = res.events.map((e) => e.type);
    expect(types).toEqual([
      'alpha_begin',
      'block_hook_error',
      'omega_begin',
      'alpha_end',
      'block_hook_error',
      'omega_end',
    ]);
    expect(res.events.filter((e) => e.type === 'block_hook_error').map(attrs)).toEqual([
      { module: 'faulty', hook: 'BeginBlock', error: 'faulty begin bug at 2', mode: 'BeginBlock' },
      { module: 'faulty', hook: 'EndBlock', error: 'faulty end bug at 2', mode: 'EndBlock' },
    ]);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged.mock.calls[0]![0]).toMatchObject({
      module: 'faulty',
      hook: 'BeginBlock',
      err: 'faulty begin bug at 2',
    });

    // The chain goes on: the next block runs every hook, the faulty module's included.
    const next = await block(app, 3);
    expect(next.events.some((e) => e.type === 'block_hook_error')).toBe(false);
    expect(read(app, 'faulty', 'end/3')).toEqual(Uint8Array.of(2));
    expect(next.validatorUpdates).toEqual([updateOf(1, 3n), updateOf(2, 3n), updateOf(3, 3n)]);
  });

  it('leaves the state, block by block, identical to a run where the throwing module wrote nothing', async () => {
    const failing = await chain(modules(failsAt2));
    const quiet = await chain(modules(quietAt2));
    for (let h = 1; h <= 3; h++) {
      const [a, b] = [await block(failing, h), await block(quiet, h)];
      expect(Buffer.from(a.appHash).toString('hex')).toBe(Buffer.from(b.appHash).toString('hex'));
      expect(a.validatorUpdates).toEqual(b.validatorUpdates);
    }
    expect(failing.info().lastBlockAppHash).toEqual(quiet.info().lastBlockAppHash);
  });
});
