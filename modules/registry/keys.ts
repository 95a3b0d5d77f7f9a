/** The registry module's store key and key prefixes. Numbers are never reused. */
export const REGISTRY_STORE_KEY = 'registry';

export enum RegistryPrefix {
  /** model id (utf-8) → RegisteredModel */
  Model = 0x01,
  Params = 0x02,
}
