import type { KVStore } from './kv.js';

/** What a gas-metered store needs from a gas meter (chain/tx/gas.ts provides it). */
export interface StoreGasMeter {
  consume(amount: bigint, descriptor: string): void;
}

/** The SDK's KVGasConfig. */
const KV_GAS = {
  hasCost: 1000n,
  deleteCost: 1000n,
  readCostFlat: 1000n,
  readCostPerByte: 3n,
  writeCostFlat: 2000n,
  writeCostPerByte: 30n,
  iterNextCostFlat: 30n,
} as const;

/** Charges gas for every access, with the SDK's descriptors, so gas used matches what SDK users expect. */
export class GasStore implements KVStore {
  constructor(
    private readonly parent: KVStore,
    private readonly meter: StoreGasMeter,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    this.meter.consume(KV_GAS.readCostFlat, 'ReadFlat');
    const v = this.parent.get(key);
    this.meter.consume(KV_GAS.readCostPerByte * BigInt(key.length + (v?.length ?? 0)), 'ReadPerByte');
    return v;
  }

  has(key: Uint8Array): boolean {
    this.meter.consume(KV_GAS.hasCost, 'Has');
    return this.parent.has(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.meter.consume(KV_GAS.writeCostFlat, 'WriteFlat');
    this.meter.consume(KV_GAS.writeCostPerByte * BigInt(key.length + value.length), 'WritePerByte');
    this.parent.set(key, value);
  }

  delete(key: Uint8Array): void {
    this.meter.consume(KV_GAS.deleteCost, 'Delete');
    this.parent.delete(key);
  }

  *iterate(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    for (const [k, v] of this.parent.iterate(start, end, reverse)) {
      this.meter.consume(KV_GAS.iterNextCostFlat, 'IterNextFlat');
      this.meter.consume(KV_GAS.readCostPerByte * BigInt(k.length + v.length), 'ValuePerByte');
      yield [k, v];
    }
  }
}
