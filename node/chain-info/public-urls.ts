/**
 * The RPC and REST URLs a wallet should use, as seen by whoever asked. The REST server only knows its own listen
 * address (often 0.0.0.0) and the RPC's, so it takes the host name the client used (the Host header) with each
 * server's port; explicit `rpc` / `rest` URLs (query parameters, CLI flags) win, for nodes behind a proxy.
 */
export interface PublicUrls {
  rpc: string;
  rest: string;
}

// A DNS name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that could smuggle a path in.
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/** A wallet-facing base URL: http(s), no credentials, query or fragment; trailing slashes dropped. */
export function checkPublicUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${what} must be an http(s) URL, got ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `${what} must be a plain http(s) URL without credentials, query or fragment, got ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** "tcp://0.0.0.0:26657" → "http://127.0.0.1:26657": a listen address as a URL a local client can open. */
export function listenAddressUrl(laddr: string): string {
  const m = /^(?:tcp:\/\/)?([^:/]*|\[[0-9a-fA-F:]+\]):([0-9]{1,5})$/.exec(laddr.trim());
  if (!m) throw new Error(`invalid listen address ${JSON.stringify(laddr)}; expected tcp://HOST:PORT`);
  const host = m[1] === '' || m[1] === '0.0.0.0' ? '127.0.0.1' : m[1] === '[::]' ? '[::1]' : m[1]!;
  return `http://${host}:${m[2]}`;
}

export interface RequestView {
  /** The Host header ("node.example:1317"). */
  host?: string;
  /** X-Forwarded-Proto, set by a TLS-terminating proxy. */
  forwardedProto?: string;
  /** Explicit overrides (`?rpc=`, `?rest=`). */
  rpc?: string;
  rest?: string;
}

/** URLs for a REST request: overrides, else the request's host with the REST port and the RPC listen port. */
export function publicUrlsForRequest(req: RequestView, rpcListenAddress: string): PublicUrls {
  const proto = req.forwardedProto === 'https' ? 'https' : 'http';
  let hostName: string | undefined;
  let rest: string | undefined;
  if (req.host !== undefined) {
    if (!HOST_HEADER.test(req.host)) throw new Error(`invalid Host header ${JSON.stringify(req.host.slice(0, 200))}`);
    rest = `${proto}://${req.host}`;
    hostName = new URL(rest).hostname;
  }
  const rpcLocal = new URL(listenAddressUrl(rpcListenAddress));
  const rpc = hostName === undefined ? rpcLocal.href : `${proto}://${hostName}:${rpcLocal.port}`;
  return {
    rpc: checkPublicUrl(req.rpc ?? rpc, 'rpc'),
    rest: checkPublicUrl(req.rest ?? rest ?? 'http://127.0.0.1:1317', 'rest'),
  };
}
