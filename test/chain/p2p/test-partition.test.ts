import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { libp2pKeyFromSeed, nodeIdOfPeer } from '../../../chain/p2p/identity.js';
import { parsePartitionFile, TEST_PARTITION_ENV, TestPartition } from '../../../chain/p2p/test-partition.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-partition-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function peer(n: number): Promise<{ peerId: PeerId; nodeId: string }> {
  const peerId = peerIdFromPrivateKey(await libp2pKeyFromSeed(new Uint8Array(32).fill(n)));
  return { peerId, nodeId: nodeIdOfPeer(peerId)! };
}

describe('TestPartition (test-only p2p knob)', () => {
  it('is inert without the env var', () => {
    expect(TestPartition.fromEnv({})).toBeUndefined();
  });

  it('parses node ids separated by commas and whitespace, ignoring anything else', () => {
    const a = 'AB'.repeat(20);
    const b = 'cd'.repeat(20);
    expect(parsePartitionFile(`${a}, ${b}\n\nnot-an-id 1234`)).toEqual(new Set([a.toLowerCase(), b]));
    expect(parsePartitionFile('')).toEqual(new Set());
  });

  it('blocks listed peers, hangs up on them, and redials when the file is emptied', async () => {
    const p1 = await peer(1);
    const p2 = await peer(2);
    const file = path.join(dir, 'node.partition');
    fs.writeFileSync(file, p1.nodeId);
    const part = TestPartition.fromEnv({ [TEST_PARTITION_ENV]: file })!;
    expect(part.blocks(p1.peerId)).toBe(true);
    expect(part.blocks(p2.peerId)).toBe(false);

    const hungUp: string[] = [];
    const warnings: string[] = [];
    let redials = 0;
    let tick: (() => void) | undefined;
    let scheduled = 0;
    part.start({
      connectedPeers: () => [p1.peerId, p2.peerId],
      hangUp: async (p) => void hungUp.push(p.toString()),
      redial: () => void redials++,
      after: (_ms, fn) => {
        scheduled++;
        tick = fn;
      },
      warn: (_f, msg) => void warnings.push(msg),
    });
    expect(warnings[0]).toMatch(/TEST-ONLY RACE_TEST_PARTITION_FILE/);
    expect(hungUp).toEqual([p1.peerId.toString()]);
    expect(redials).toBe(0);

    fs.writeFileSync(file, `${p2.nodeId}\n`);
    tick!();
    expect(part.blocks(p1.peerId)).toBe(false);
    expect(part.blocks(p2.peerId)).toBe(true);
    expect(hungUp).toEqual([p1.peerId.toString(), p2.peerId.toString()]);
    expect(redials).toBe(1);

    fs.rmSync(file); // a missing file heals too
    tick!();
    expect(part.blocks(p2.peerId)).toBe(false);
    expect(redials).toBe(2);

    const polls = scheduled;
    part.stop();
    tick!();
    expect(scheduled).toBe(polls); // stopped: no further polling scheduled
  });
});
