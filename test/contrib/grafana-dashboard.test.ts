/** contrib/grafana/race-node.json only charts metrics the node actually exports (names as registered in prom-client). */
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetMetrics } from '../../node/services/net-metrics.js';
import { NodeMetrics } from '../../node/services/metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'contrib/grafana/race-node.json'), 'utf8'));

interface Panel {
  type: string;
  title: string;
  id: number;
  targets?: Array<{ expr: string; refId: string }>;
}

/** Every series name a node can expose: histograms add _bucket/_sum/_count to their registered name. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = new NodeMetrics();
  new NetMetrics(metrics.registry);
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
  }
  return names;
}

describe('Grafana dashboard', () => {
  const panels = dashboard.panels as Panel[];

  it('is a dashboard with unique panel ids and a Prometheus datasource variable', () => {
    expect(dashboard.uid).toBe('race-node');
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual(['datasource', 'instance']);
  });

  it('every query names only metrics the node registers', async () => {
    const exported = await exportedNames();
    const used = new Set(
      panels.flatMap((p) => (p.targets ?? []).flatMap((t) => t.expr.match(/\brace_[a-z0-9_]+/g) ?? [])),
    );
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((n) => !exported.has(n))).toEqual([]);
  });
});
