/** A TCP listen address of config.toml / app.toml: host and port, the host empty for all interfaces. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * "tcp://127.0.0.1:26657", "127.0.0.1:26657", "[::1]:26657" or ":26660" (all interfaces). CometBFT writes tcp://;
 * http:// and https:// are accepted too because app.toml's api.address is often written that way.
 */
export function parseListenAddress(addr: string, what = 'address'): ListenAddress {
  const body = typeof addr === 'string' ? addr.trim().replace(/^(?:tcp|https?):\/\//, '') : '';
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]]*):([0-9]{1,5})\/?$/.exec(body);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535)
    throw new Error(`${what}: invalid listen address ${JSON.stringify(addr)}; expected tcp://HOST:PORT`);
  return { host: m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[|\]$/g, ''), port };
}
