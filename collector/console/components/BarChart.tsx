/**
 * A bar chart of figures per day, drawn as SVG by hand (no chart library, and nothing a strict
 * CSP refuses: positions are SVG attributes, colours are classes in console.css). Each day is one
 * group of stacked bars with its numbers in a tooltip; the chart is one image for screen readers,
 * named by its title and described in words, and the page shows the same numbers in a table.
 * It draws at the width of its box (measured), so its labels keep their size on a phone.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

export interface ChartSeries {
  key: string;
  label: string;
  /** A class of console.css that colours the bars (chart-series-1…4). */
  className: string;
  /** One value per day, in the order of `days`. */
  values: number[];
}

const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 48 };

/** A round top for the axis: 1, 2, 5 × a power of ten at or above `max`. */
function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  days: string[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  formatDay: (day: string) => string;
  /** Counts: the axis marks only whole numbers. */
  whole?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useSignal(720);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.round(element.clientWidth);
      if (measured > 0 && measured !== width.value) width.value = measured;
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const { days, series } = props;
  const totals = days.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const plotWidth = Math.max(40, width.value - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(36, slot * 0.7));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const ticks = props.whole && top % 2 !== 0 ? [0, top] : [0, top / 2, top];
  // Day labels that fit: about one per 64 px, always the first and the last.
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(plotWidth / 64))));
  const labelled = (index: number) => index === 0 || index === days.length - 1 || (index % every === 0 && days.length - 1 - index >= every);

  return (
    <div class="chart" ref={box}>
      <svg
        class="chart-svg"
        width={width.value}
        height={HEIGHT}
        viewBox={`0 0 ${width.value} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {ticks.map((tick) => (
          <g key={tick} class="chart-tick">
            <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} class={tick === 0 ? 'chart-axis' : 'chart-grid'} />
            <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" text-anchor="end" class="chart-label">
              {props.formatValue(tick)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const centre = MARGIN.left + slot * index + slot / 2;
          let base = 0;
          const words = series.map((one) => `${props.formatValue(one.values[index] ?? 0)} ${one.label.toLowerCase()}`).join(', ');
          return (
            <g key={day} class="chart-day" data-day={day} data-total={totals[index]}>
              <title>{`${props.formatDay(day)}: ${words}`}</title>
              {/* The whole slot, invisible, so a thin or empty day still shows its tooltip. */}
              <rect x={MARGIN.left + slot * index} y={MARGIN.top} width={slot} height={plotHeight} class="chart-hit" />
              {series.map((one) => {
                const value = one.values[index] ?? 0;
                if (value <= 0) return null;
                const from = base;
                base += value;
                return <rect key={one.key} x={centre - barWidth / 2} y={y(base)} width={barWidth} height={Math.max(1, y(from) - y(base))} rx={Math.min(3, barWidth / 4)} class={`chart-bar ${one.className}`} />;
              })}
              {labelled(index) && (
                // The first and last labels are anchored inwards, so they stay inside the chart.
                <text
                  x={index === 0 && days.length > 1 ? Math.max(centre - slot / 2, MARGIN.left) : index === days.length - 1 && days.length > 1 ? Math.min(centre + slot / 2, MARGIN.left + plotWidth) : centre}
                  y={HEIGHT - 8}
                  text-anchor={index === 0 && days.length > 1 ? 'start' : index === days.length - 1 && days.length > 1 ? 'end' : 'middle'}
                  class="chart-label"
                >
                  {props.formatDay(day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul class="chart-legend" aria-hidden="true">
          {series.map((one) => (
            <li key={one.key}>
              <span class={`chart-swatch ${one.className}`} />
              {one.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
