import os from 'node:os';
import path from 'node:path';

/** Cosmos convention: `--home DIR`, else $RACED_HOME, else ~/.raced. */
export function resolveHome(home?: string): string {
  const dir = home ?? process.env.RACED_HOME ?? path.join(os.homedir(), '.raced');
  return path.resolve(dir);
}

export const homePaths = (home: string) => ({
  config: path.join(home, 'config'),
  configToml: path.join(home, 'config', 'config.toml'),
  appToml: path.join(home, 'config', 'app.toml'),
  genesis: path.join(home, 'config', 'genesis.json'),
  nodeKey: path.join(home, 'config', 'node_key.json'),
  privValidatorKey: path.join(home, 'config', 'priv_validator_key.json'),
  /** The node's Race hot key (secp256k1): signs its duty txs; its address is the node's Race participant. */
  raceKey: path.join(home, 'config', 'race_key.json'),
  data: path.join(home, 'data'),
  privValidatorState: path.join(home, 'data', 'priv_validator_state.json'),
});
