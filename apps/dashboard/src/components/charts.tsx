import uPlot from 'uplot';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { cssVar } from '../theme.js';

export interface Marker {
  /** ISO date or date-time. */
  at: string;
  label: string;
}

export interface TimeChartProps {
  /** Names the chart for assistive technology (the figure's caption). */
  title: string;
  days: string[];
  volume: number[];
  rating: (number | null)[];
  ratingLabel: string;
  /** Fixed rating axis (e.g. 0–100 %, 1–5). */
  ratingRange?: [number, number];
  markers: Marker[];
  /** Changes when the theme does: canvas colours are read at creation. */
  theme: string;
  height?: number;
}

const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/**
 * Volume (bars, left axis) and rating (line, right axis) over time, releases as labelled
 * vertical lines. uPlot draws on canvas; the same numbers are in a table below for screen readers.
 */
export function TimeChart(props: TimeChartProps) {
  const { title, days, volume, rating, ratingLabel, ratingRange, markers, theme, height = 260 } = props;
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const text = cssVar('--text-muted');
    const grid = cssVar('--grid');
    const bar = cssVar('--chart-bar');
    const line = cssVar('--chart-line');
    const markerColour = cssVar('--chart-marker');
    const surface = cssVar('--surface');
    const font = `12px ${cssVar('--font') || 'system-ui, sans-serif'}`;
    const x = days.map(toSeconds);
    const markerTimes = markers.map((m) => ({ ...m, t: Date.parse(m.at) / 1000 }));

    const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
      stroke: text,
      font,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      ...extra,
    });

    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 300),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        count: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        rating: ratingRange ? { range: () => ratingRange } : { auto: true },
      },
      series: [
        { label: 'Day' },
        {
          label: 'Feedback',
          scale: 'count',
          stroke: bar,
          fill: bar,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.6, 40], align: 0 }),
          points: { show: false },
        },
        { label: ratingLabel, scale: 'rating', stroke: line, width: 2, spanGaps: true, points: { show: true, size: 5, fill: line } },
      ],
      axes: [
        axis({ grid: { show: false } }),
        axis({ scale: 'count', label: 'Feedback', labelFont: font, size: 50 }),
        axis({ scale: 'rating', side: 1, label: ratingLabel, labelFont: font, grid: { show: false }, size: 60 }),
      ],
      hooks: {
        draw: [
          (u) => {
            const { ctx } = u;
            const { top, height: h } = u.bbox;
            ctx.save();
            ctx.strokeStyle = markerColour;
            ctx.fillStyle = markerColour;
            ctx.lineWidth = 2 * uPlot.pxRatio;
            ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
            ctx.font = `${12 * uPlot.pxRatio}px system-ui, sans-serif`;
            for (const marker of markerTimes) {
              const left = u.valToPos(marker.t, 'x', true);
              if (left < u.bbox.left || left > u.bbox.left + u.bbox.width) continue;
              ctx.beginPath();
              ctx.moveTo(left, top);
              ctx.lineTo(left, top + h);
              ctx.stroke();
              // The label on a patch of background, readable over bars and lines.
              const x = left + 4 * uPlot.pxRatio;
              const y = top + 14 * uPlot.pxRatio;
              const width = ctx.measureText(marker.label).width;
              ctx.fillStyle = surface;
              ctx.fillRect(x - 2 * uPlot.pxRatio, y - 12 * uPlot.pxRatio, width + 4 * uPlot.pxRatio, 16 * uPlot.pxRatio);
              ctx.fillStyle = markerColour;
              ctx.fillText(marker.label, x, y);
            }
            ctx.restore();
          },
        ],
      },
    };
    const plot = new uPlot(options, [x, volume, rating.map((v) => v ?? null)] as uPlot.AlignedData, element);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 300), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [days, volume, rating, ratingLabel, ratingRange?.[0], ratingRange?.[1], markers, theme, height]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} class="chart-canvas" role="img" aria-label={`${title}: chart; the numbers are in the table below`} />
      <details class="chart-data">
        <summary>Show the numbers</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Feedback</th>
              <th scope="col">{ratingLabel}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                <td>{volume[i]}</td>
                <td>{rating[i] == null ? '–' : Number(rating[i]!.toFixed(2))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A tiny trend line (SVG), its numbers in the label. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 96;
  const height = 24;
  if (values.length === 0) return <span class="muted">–</span>;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
    </svg>
  );
}

export interface IntervalBarProps {
  estimate: number | null;
  lower: number | null | undefined;
  upper: number | null | undefined;
  /** The axis shown (shared by the bars of one table so they compare). */
  domain: [number, number];
  /** A vertical reference line (0 for differences, the control's value). */
  reference?: number;
  label: string;
  tone?: 'better' | 'worse' | 'neutral';
}

/** A point estimate with its 95 % interval on a shared axis. */
export function IntervalBar({ estimate, lower, upper, domain, reference, label, tone = 'neutral' }: IntervalBarProps) {
  const width = 160;
  const height = 18;
  const [min, max] = domain;
  const pos = (v: number) => Math.min(width - 2, Math.max(2, ((v - min) / (max - min || 1)) * (width - 4) + 2));
  return (
    <svg class={`interval ${tone}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <line class="axis" x1="0" x2={width} y1={height / 2} y2={height / 2} />
      {reference !== undefined && <line class="reference" x1={pos(reference)} x2={pos(reference)} y1="1" y2={height - 1} />}
      {lower != null && upper != null && (
        <line class="range" x1={pos(lower)} x2={pos(upper)} y1={height / 2} y2={height / 2} />
      )}
      {estimate != null && <circle class="point" cx={pos(estimate)} cy={height / 2} r="4" />}
    </svg>
  );
}

/** A count with its share of the total: the default label of a bar. */
const countWithShare = (count: number, total: number) => (
  <>
    {count}
    {total > 0 && <span class="muted"> ({Math.round((count / total) * 100)} %)</span>}
  </>
);

/**
 * Horizontal bars of counts (rating distribution, categories, report terms) as an accessible list;
 * `ordered` where the order itself means something (most first).
 */
export function BarList({
  rows,
  label,
  ordered = false,
  describe = countWithShare,
  class: className,
}: {
  rows: { name: string; count: number }[];
  label: string;
  ordered?: boolean;
  describe?: (count: number, total: number) => ComponentChildren;
  class?: string;
}) {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const List = ordered ? 'ol' : 'ul';
  return (
    <List class={className ? `barlist ${className}` : 'barlist'} aria-label={label}>
      {rows.map((row) => (
        <li key={row.name}>
          <span class="barlist-name">{row.name}</span>
          <span class="barlist-track" aria-hidden="true">
            <span class="barlist-bar" style={{ width: `${(row.count / max) * 100}%` }} />
          </span>
          <span class="barlist-count">{describe(row.count, total)}</span>
        </li>
      ))}
    </List>
  );
}
