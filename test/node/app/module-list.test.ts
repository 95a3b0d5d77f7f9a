/**
 * The app's ONE module list drives everything: a module appended to it (here a small "notes" module) gets its keeper
 * wired, its genesis in the module order, its types in the registry (REST/CLI JSON, gov, CosmJS), its REST routes
 * and its CLI groups, with no other table to edit.
 */
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { Coin } from 'cosmjs-types/cosmos/base/v1beta1/coin';
import { defineModule, wireModules } from '../../../chain/app/module-definition.js';
import type { AppModule } from '../../../chain/app/module.js';
import { msgDecl, type ModuleClient } from '../../../chain/client/module-client.js';
import { TypeRegistry } from '../../../chain/client/type-registry.js';
import type { BankKeeper } from '../../../modules/bank/keeper.js';
import { APP_MODULES } from '../../../node/app/build-app.js';
import { APP_CLIENTS, MODULE_LIST } from '../../../node/app/module-list.js';
import { registerQueryCommands } from '../../../node/cli/commands/query.js';
import { registerTxCommands } from '../../../node/cli/commands/tx.js';
import { programModuleCli } from '../../../node/cli/module-cli.js';
import { defaultRestRoutes } from '../../../node/rest/routes/all.js';

const NOTE_URL = '/test.notes.v1.MsgNote';

const notesClient: ModuleClient = {
  name: 'notes',
  summary: 'notes for the test',
  msgs: [msgDecl({ typeUrl: NOTE_URL, codec: Coin, aminoName: 'test/MsgNote', gov: true })],
  restRoutes: () => [
    {
      method: 'GET',
      path: '/test/notes/v1/count',
      abciPath: '/test.notes.v1.Query/Count',
      toRequest: () => new Uint8Array(),
      toJson: () => ({}),
    },
  ],
  txCommands: (group, cli) => void cli.txCommand(group, 'write <text>', 'write a note'),
  queryCommands: (group, cli) => void cli.queryCommand(group, 'count', 'how many notes'),
};

const notesModule = defineModule({
  name: 'notes',
  client: notesClient,
  newKeeper: (deps) => ({ bank: deps.get<BankKeeper>('bank') }),
  newModule: (): AppModule => ({
    name: 'notes',
    registerServices: () => {},
    defaultGenesis: () => ({ notes: [] }),
    initGenesis: () => {},
    exportGenesis: () => ({ notes: [] }),
  }),
});

describe('the app module list', () => {
  it("wires an appended module: its keeper gets the others' keepers, its AppModule comes last", () => {
    const { keepers, modules } = wireModules([...APP_MODULES, notesModule] as const);
    expect(keepers.notes.bank).toBe(keepers.bank);
    expect(modules.map((m) => m.name)).toEqual([
      'auth',
      'bank',
      'gov',
      'registry',
      'pricing',
      'inference',
      'issuance',
      'race',
      'notes',
    ]);
  });

  it('puts its messages in the one type registry: JSON codecs, gov proposals, CosmJS types and amino', () => {
    const types = new TypeRegistry([...APP_CLIENTS, notesClient]);
    expect(types.jsonCodecs().has(NOTE_URL)).toBe(true);
    expect(types.govMsgs().map((d) => d.typeUrl)).toContain(NOTE_URL);
    expect(types.cosmjsTypes().map(([u]) => u)).toContain(NOTE_URL);
    expect(types.aminoConverters()[NOTE_URL]!.aminoType).toBe('test/MsgNote');
  });

  it('mounts its REST routes and its CLI groups', () => {
    const clients = [...APP_CLIENTS, notesClient];
    expect(defaultRestRoutes(clients).map((r) => r.path)).toContain('/test/notes/v1/count');
    const program = new Command('raced');
    const cli = programModuleCli(new TypeRegistry(clients));
    const tx = registerTxCommands(program, clients, cli);
    const query = registerQueryCommands(program, clients, cli);
    expect(tx.commands.find((c) => c.name() === 'notes')!.commands.map((c) => c.name())).toEqual(['write']);
    expect(query.commands.find((c) => c.name() === 'notes')!.commands.map((c) => c.name())).toEqual(['count']);
  });

  it('refuses a list with a duplicate, a missing dependency or a cycle, and a message declared twice', () => {
    expect(() => wireModules([...APP_MODULES, APP_MODULES[0]])).toThrow(/auth listed twice/);
    const lonely = defineModule({ ...notesModule, newKeeper: (deps) => deps.get('ledger') });
    expect(() => wireModules([lonely])).toThrow(/no module provides "ledger"/);
    const a = defineModule({
      ...notesModule,
      name: 'a',
      client: { ...notesClient, name: 'a' },
      newKeeper: (deps) => deps.get('b'),
    });
    const b = defineModule({
      ...notesModule,
      name: 'b',
      client: { ...notesClient, name: 'b', msgs: [] },
      newKeeper: (deps) => deps.get('a'),
    });
    expect(() => wireModules([a, b])).toThrow(/cycle through a → b → a/);
    expect(() => new TypeRegistry([notesClient, { ...notesClient, name: 'other' }])).toThrow(/declared twice/);
  });

  it("is one list: each entry's definition declares the entry's client, in the list's order", () => {
    expect(APP_MODULES.map((d) => d.client)).toEqual(MODULE_LIST.map((e) => e.client));
    expect(APP_CLIENTS).toEqual(MODULE_LIST.map((e) => e.client));
    expect(APP_MODULES.map((d) => d.name)).toEqual(APP_CLIENTS.map((c) => c.name));
  });
});
