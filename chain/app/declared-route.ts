/** The codec half of a MsgRoute, taken from the module's message declaration so routes and clients cannot disagree. */
import type { MsgDecl } from '../client/module-client.js';
import { aminoJsonOf } from '../client/type-registry.js';
import type { MsgRoute } from './router.js';

export function declaredCodec<T>(
  decl: MsgDecl<T>,
): Pick<MsgRoute<T>, 'typeUrl' | 'decode' | 'encode' | 'aminoName' | 'toAminoJson'> {
  return {
    typeUrl: decl.typeUrl,
    decode: (b) => decl.codec.decode(b),
    encode: (m) => decl.codec.encode(m).finish(),
    ...(decl.aminoName ? { aminoName: decl.aminoName, toAminoJson: (m: T) => aminoJsonOf(decl, m) } : {}),
  };
}
