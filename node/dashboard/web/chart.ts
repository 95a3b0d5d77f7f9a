/**
 * One chart of the page: a titled box that draws its series with uPlot, or says plainly that there is nothing to
 * draw yet. data-state ("data" | "empty"), data-points and data-max on the box let the browser test read what it shows.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SeriesSpec {
  label: string;
  stroke: string;
  /** Draw as bars (counts per block or epoch) rather than a line. */
  bars?: boolean;
}

export interface ChartSpec {
  xLabel: string;
  /** x values are unix seconds. */
  time?: boolean;
  series: SeriesSpec[];
  emptyText: string;
}

const HEIGHT = 170;

export class ChartBox {
  private plot: uPlot | undefined;
  private readonly body: HTMLDivElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly spec: ChartSpec,
  ) {
    const title = document.createElement('h3');
    title.textContent = el.dataset.title ?? '';
    this.body = document.createElement('div');
    el.replaceChildren(title, this.body);
    this.update(
      [],
      spec.series.map(() => []),
    );
  }

  update(x: number[], ys: Array<Array<number | null>>): void {
    let max = 0;
    for (const s of ys) for (const v of s) if (v !== null && Number.isFinite(v) && v > max) max = v;
    this.el.dataset.points = String(x.length);
    this.el.dataset.max = String(max);
    if (x.length === 0) {
      this.plot?.destroy();
      this.plot = undefined;
      const empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = this.spec.emptyText;
      this.body.replaceChildren(empty);
      this.el.dataset.state = 'empty';
      return;
    }
    this.el.dataset.state = 'data';
    const data = [x, ...ys] as uPlot.AlignedData;
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    this.body.replaceChildren();
    this.plot = new uPlot(
      {
        width: Math.max(300, this.el.clientWidth || 520),
        height: HEIGHT,
        scales: {
          x: {
            time: this.spec.time ?? false,
            // uPlot widens a lone point's axis to a day (time) or 0..100; a lone point gets a narrow window instead.
            range: (u, min, max) => {
              const xs = u.data?.[0];
              if (!xs || xs.length !== 1) return [min, max];
              const pad = this.spec.time ? 60 : 1;
              return [xs[0]! - pad, xs[0]! + pad];
            },
          },
        },
        axes: [{ label: this.spec.xLabel, size: 40 }, { size: 50 }],
        series: [
          {},
          ...this.spec.series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: 1.5,
            fill: s.bars ? `${s.stroke}55` : undefined,
            paths: s.bars ? uPlot.paths.bars!({ size: [0.8, 40] }) : undefined,
            spanGaps: true,
          })),
        ],
        legend: { show: true },
      },
      data,
      this.body,
    );
  }

  resize(): void {
    this.plot?.setSize({ width: Math.max(300, this.el.clientWidth || 520), height: HEIGHT });
  }
}
