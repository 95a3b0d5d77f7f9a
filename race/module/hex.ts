import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export const toHex = (b: Uint8Array): string => bytesToHex(b);
export const fromHex = (h: string): Uint8Array => hexToBytes(h);
