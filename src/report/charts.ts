import * as echarts from "echarts";
import type { Estimate } from "../stats/bootstrap.js";

/**
 * Charts for report.html, drawn by ECharts on the server into SVG strings (no browser, no network; the file
 * opens offline). ECharts escapes every text it draws, model names included.
 */

export type Lang = "vi" | "en";

const PALETTE = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#e16f24", "#57606a"];
const FONT = 'system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif';

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  // Disposed whatever happens: a chart left alive keeps a timer that holds the process open.
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** One radar per report: a polygon per model over the criteria, scores in percent. */
export function radarChart(axes: string[], models: { name: string; scores: (number | null)[] }[]): string {
  // A radar needs three axes and a score to draw; with fewer, the bars say it all.
  if (axes.length < 3 || !models.some((m) => m.scores.some((s) => s !== null && Number.isFinite(s)))) return "";
  return render(640, 400, {
    legend: { bottom: 0, left: 8, right: 8, type: "scroll", itemGap: 28, textStyle: { width: 160, overflow: "truncate" } },
    radar: { indicator: axes.map((name) => ({ name, max: 100, min: 0 })), radius: "58%", axisName: { color: "#1b1f24", fontSize: 11 } },
    series: [
      {
        type: "radar",
        areaStyle: { opacity: 0.08 },
        data: models.map((m) => ({ name: m.name, value: m.scores.map((s) => (s === null || !Number.isFinite(s) ? 0 : Math.round(s * 1000) / 10)) })),
      },
    ],
  });
}

export interface BarSeries {
  name: string;
  /** One estimate per category (undefined where the model has none). */
  values: (Estimate | undefined)[];
}

/** Grouped horizontal bars in percent with their 95% intervals drawn as error bars. */
export function barsWithCI(categories: string[], series: BarSeries[], axisLabel: string): string {
  if (!categories.length || !series.some((s) => s.values.some((e) => e && Number.isFinite(e.score)))) return "";
  const rows = categories.length;
  const height = Math.max(160, 60 + rows * Math.max(22, series.length * 14));
  const pctOf = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1000) / 10);
  const errorBars = series.map((s, si) => ({
    type: "custom",
    name: s.name,
    silent: true,
    z: 10,
    renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[] }) => {
      const lo = api.coord([api.value(1), api.value(0)]);
      const hi = api.coord([api.value(2), api.value(0)]);
      const band = api.size([0, 1])[1];
      const offset = (si - (series.length - 1) / 2) * (band * 0.7) / series.length;
      const y = lo[1] + offset;
      const cap = 3;
      const style = { stroke: "#24292f", lineWidth: 1 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: lo[0], y1: y, x2: hi[0], y2: y }, style },
          { type: "line", shape: { x1: lo[0], y1: y - cap, x2: lo[0], y2: y + cap }, style },
          { type: "line", shape: { x1: hi[0], y1: y - cap, x2: hi[0], y2: y + cap }, style },
        ],
      };
    },
    encode: { y: 0, x: [1, 2] },
    data: s.values.map((e, i) => (e && Number.isFinite(e.score) ? [i, pctOf(e.ci95[0]), pctOf(e.ci95[1])] : [i, null, null])),
  }));
  return render(760, height, {
    grid: { left: 16, right: 24, top: 28, bottom: series.length > 1 ? 40 : 24, containLabel: true },
    legend: series.length > 1 ? { bottom: 0, left: 8, right: 8, type: "scroll", itemGap: 28, data: series.map((s) => s.name), textStyle: { width: 160, overflow: "truncate" } } : undefined,
    xAxis: { type: "value", min: 0, max: 100, name: axisLabel, nameLocation: "middle", nameGap: 22 },
    yAxis: { type: "category", data: categories, inverse: true, axisLabel: { width: 220, overflow: "truncate" } },
    series: [
      ...series.map((s) => ({
        type: "bar",
        name: s.name,
        barMaxWidth: 16,
        label: { show: true, position: "insideRight", formatter: (p: { value: number | null }) => (p.value === null ? "" : p.value.toFixed(1)), color: "#fff", fontSize: 10 },
        data: s.values.map((e) => pctOf(e?.score)),
      })),
      ...errorBars,
    ],
  });
}
