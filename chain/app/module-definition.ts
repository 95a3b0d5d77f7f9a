/**
 * A module as the app's ONE ordered module list holds it: its client declaration, how to build its keeper from the
 * keepers of the modules it depends on, and its AppModule. The list order is genesis and block-hook order.
 */
import type { ModuleClient } from '../client/module-client.js';
import type { AppModule } from './module.js';

/** Other modules' keepers by module name, or what a module `provides` by that name; built on first use. */
export interface ModuleDeps {
  get<T>(name: string): T;
}

export interface ModuleDefinition<N extends string = string, K = unknown> {
  readonly name: N;
  readonly client: ModuleClient;
  newKeeper(deps: ModuleDeps): K;
  /** Named views of this module's keeper that other modules depend on without naming it (race → "weights"). */
  readonly provides?: Readonly<Record<string, (keeper: K) => unknown>>;
  newModule(keeper: K, deps: ModuleDeps): AppModule;
}

/** Keeps each definition's name and keeper type, so the wired keepers are typed by module name. */
export function defineModule<N extends string, K>(def: ModuleDefinition<N, K>): ModuleDefinition<N, K> {
  if (def.name !== def.client.name) throw new Error(`module ${def.name}: its client is named ${def.client.name}`);
  return def;
}

export type KeepersOf<L extends readonly ModuleDefinition<string, any>[]> = {
  [D in L[number] as D['name']]: D extends ModuleDefinition<string, infer K> ? K : never;
};

export interface WiredModules<L extends readonly ModuleDefinition<string, any>[]> {
  keepers: KeepersOf<L>;
  modules: AppModule[];
}

/** Builds every keeper (dependencies first, each once) and the AppModules in list order. */
export function wireModules<L extends readonly ModuleDefinition<string, any>[]>(list: L): WiredModules<L> {
  const defs = new Map<string, ModuleDefinition<string, any>>();
  const providers = new Map<string, { def: ModuleDefinition<string, any>; view: (k: any) => unknown }>();
  for (const d of list) {
    if (defs.has(d.name)) throw new Error(`module ${d.name} listed twice`);
    defs.set(d.name, d);
  }
  for (const d of list) {
    for (const [name, view] of Object.entries(d.provides ?? {})) {
      if (defs.has(name) || providers.has(name))
        throw new Error(`module ${d.name} provides "${name}", which is already taken`);
      providers.set(name, { def: d, view });
    }
  }
  const built = new Map<string, unknown>();
  const building = new Set<string>();
  const keeperOf = (d: ModuleDefinition<string, any>): unknown => {
    if (built.has(d.name)) return built.get(d.name);
    if (building.has(d.name)) throw new Error(`module dependency cycle through ${[...building, d.name].join(' → ')}`);
    building.add(d.name);
    const k = d.newKeeper(deps);
    building.delete(d.name);
    built.set(d.name, k);
    return k;
  };
  const views = new Map<string, unknown>();
  const deps: ModuleDeps = {
    get<T>(name: string): T {
      const d = defs.get(name);
      if (d) return keeperOf(d) as T;
      const p = providers.get(name);
      if (!p) throw new Error(`no module provides "${name}"`);
      if (!views.has(name)) views.set(name, p.view(keeperOf(p.def)));
      return views.get(name) as T;
    },
  };
  const modules = list.map((d) => d.newModule(keeperOf(d), deps));
  return { keepers: Object.fromEntries(built) as KeepersOf<L>, modules };
}
