/** `raced query issuance phase | minimum | allocations | training-fund | pot | params`. */
import type { Command } from 'commander';
import type { ModuleCli, QueryFlags } from '../../../chain/client/module-cli.js';
import { ISSUANCE_QUERY_PREFIX } from '../query-server.js';
import { ISSUANCE_QUERIES } from '../rest.js';

export function issuanceQueryCommands(q: Command, cli: ModuleCli): void {
  for (const d of ISSUANCE_QUERIES) {
    cli.queryCommand(q, d.path.replace('_', '-'), d.about).action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const res = d.res as { decode(b: Uint8Array): unknown; toJSON(m: never): unknown };
      const r = await cli.query(opts, `${ISSUANCE_QUERY_PREFIX}/${d.method}`, d.req.encode({}).finish(), (b) =>
        res.decode(b),
      );
      cli.print(opts, cli.json(res.toJSON(r as never)));
    });
  }
}
