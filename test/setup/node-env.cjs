// Shares the host's typed-array constructors with the sandbox: onnxruntime-node creates tensors in the
// host realm and checks instanceof against the sandbox's constructors.
const { TestEnvironment } = require('jest-environment-node');
const SHARED = [
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
  'SharedArrayBuffer',
];
class RaceTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}
module.exports = RaceTestEnvironment;
