/**
 * npm run sim:issuance — the issuance invariants under a randomized run (issue 15: "a million operations").
 * Random paid inference, gas fees, block ends, burns and guard changes on bare keepers (test/modules/issuance/
 * random-traffic.ts); the cap, pot and bank balance-sum invariants are checked after every operation, and the run
 * stops at the first broken one. Last line JSON: {ops, seconds, seed, height, core_minted, supply, counts}.
 *
 *   node --import tsx scripts/issuance-random-run.ts [--ops 1000000] [--seed 1]
 */
import { IssuanceTraffic } from '../test/modules/issuance/random-traffic.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

const ops = Number(arg('ops', '1000000'));
const seed = Number(arg('seed', '1'));
if (!Number.isSafeInteger(ops) || ops < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write('usage: issuance-random-run.ts [--ops N] [--seed S]\n');
  process.exit(2);
}
const sim = new IssuanceTraffic(seed);
const started = performance.now();
const chunk = 100_000;
let done = 0;
let r = sim.run(0);
while (done < ops) {
  const n = Math.min(chunk, ops - done);
  r = sim.run(n);
  done += n;
  process.stdout.write(
    `${done} ops, ${((performance.now() - started) / 1000).toFixed(1)} s, core minted ${r.coreMinted}\n`,
  );
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ ops: done, seconds: Number(seconds.toFixed(1)), seed, height: r.height, core_minted: r.coreMinted.toString(), supply: r.supply.toString(), counts: r.counts })}\n`,
);
