import type { Command } from 'commander';
import { buildProgram } from '../../../node/cli/main.js';
import { parseGpu } from '../../../modules/inference/client/commands.js';

describe('inference CLI', () => {
  it('has `raced tx inference register-executor` and the query commands', async () => {
    const program = await buildProgram();
    const group = (kind: string) =>
      program.commands.find((c) => c.name() === kind)!.commands.find((c) => c.name() === 'inference')!;
    const names = (c: Command) => c.commands.map((x) => x.name()).sort();
    expect(names(group('tx'))).toEqual(['register-executor']);
    expect(names(group('query'))).toEqual(['inference', 'inferences', 'params', 'participant']);
  });

  it('parses a GPU as the driver reports it, and refuses anything else', () => {
    expect(parseGpu('NVIDIA H200:141000000000')).toEqual({ name: 'NVIDIA H200', memoryBytes: 141_000_000_000n });
    expect(parseGpu(' NVIDIA GeForce RTX 4090 : 25757220864')).toEqual({
      name: 'NVIDIA GeForce RTX 4090',
      memoryBytes: 25_757_220_864n,
    });
    for (const bad of ['NVIDIA H200', ':123', 'NVIDIA H200:12GB']) expect(() => parseGpu(bad)).toThrow(/--gpu/);
  });
});
