import { describe, expect, it } from '@jest/globals';
import {
  dialString,
  listenAddressToMultiaddr,
  parsePeerAddress,
  parsePeerList,
  PeerAddressError,
} from '../../../chain/p2p/addresses.js';

const NODE = 'aabbccddeeff00112233445566778899aabbccdd';
const PEER = '12D3KooWQUMg8tdBR9qZCUkXiooRFqmWdycdj939teFVcRAAjzWw';

describe('p2p addresses', () => {
  it('converts CometBFT listen addresses to multiaddrs', () => {
    expect(listenAddressToMultiaddr('tcp://0.0.0.0:26656')).toBe('/ip4/0.0.0.0/tcp/26656');
    expect(listenAddressToMultiaddr('127.0.0.1:0')).toBe('/ip4/127.0.0.1/tcp/0');
    expect(listenAddressToMultiaddr('tcp://[::1]:26656')).toBe('/ip6/::1/tcp/26656');
    expect(listenAddressToMultiaddr('/ip4/10.0.0.1/tcp/1')).toBe('/ip4/10.0.0.1/tcp/1');
  });

  it('refuses malformed listen addresses with a clear error', () => {
    for (const bad of ['unix:///tmp/sock', 'tcp://1.2.3.4', 'tcp://1.2.3.4:70000', 'tcp://300.1.1.1:1', '/ip4/nope']) {
      expect(() => listenAddressToMultiaddr(bad)).toThrow(PeerAddressError);
    }
  });

  it('parses <nodeId>@host:port and multiaddrs with or without /p2p/', () => {
    expect(parsePeerAddress(`${NODE}@127.0.0.1:26656`)).toEqual({
      multiaddr: '/ip4/127.0.0.1/tcp/26656',
      nodeId: NODE,
    });
    expect(parsePeerAddress(`${NODE.toUpperCase()}@node1.example:26656`)).toEqual({
      multiaddr: '/dns4/node1.example/tcp/26656',
      nodeId: NODE,
    });
    expect(parsePeerAddress(`/ip4/1.2.3.4/tcp/5/p2p/${PEER}`)).toEqual({
      multiaddr: '/ip4/1.2.3.4/tcp/5',
      peerId: PEER,
    });
    expect(parsePeerAddress('/ip4/1.2.3.4/tcp/5')).toEqual({ multiaddr: '/ip4/1.2.3.4/tcp/5' });
    expect(dialString(parsePeerAddress(`/ip4/1.2.3.4/tcp/5/p2p/${PEER}`))).toBe(`/ip4/1.2.3.4/tcp/5/p2p/${PEER}`);
  });

  it('parses config.toml lists and names the bad entry', () => {
    expect(parsePeerList(` ${NODE}@1.2.3.4:1 , ,/ip4/1.2.3.4/tcp/2`)).toHaveLength(2);
    expect(parsePeerList('')).toEqual([]);
    expect(() => parsePeerList(`${NODE}@1.2.3.4:1,abc@1.2.3.4:2`)).toThrow(/abc@1.2.3.4:2.*40 hex/);
    expect(() => parsePeerAddress('1.2.3.4:5')).toThrow(PeerAddressError);
    expect(() => parsePeerAddress(`${NODE}@1.2.3.4`)).toThrow(/host:port/);
  });
});
