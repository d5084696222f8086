// Draws the charts of a page from the specs the server put in <script id="charts"> (see Charts.java), with ECharts.
import * as echarts from 'echarts';
import { html, tooltip } from './html.js';

// The browser tests read the charts back with echarts.getInstanceByDom(element).getOption().
window.echarts = echarts;

const VERDICT_COLOURS = {
  'moved-as-predicted': '#2e7d32',
  'moved-opposite': '#c62828',
  'no-detectable-change': '#757575',
  'inconclusive': '#f9a825',
  'pending': '#90a4ae',
  'overlapping': '#6a1b9a',
};

// A verdict's colour; anything else (a verdict this script does not know) gets the fallback.
const colour = (verdict, fallback) => (Object.hasOwn(VERDICT_COLOURS, verdict) ? VERDICT_COLOURS[verdict] : fallback);

// The one palette of the lines and bands that are not verdicts.
const PALETTE = {
  metric: '#263238',
  counterfactual: '#1565c0',
  band: '#90caf9',
  predicted: '#ef6c00',
  predictedBand: '#ffcc80',
  releases: '#5c6bc0',
  featuresShipped: '#9fa8da',
  unlinked: '#b0bec5',
  release: '#c62828',
};

// A series drawn in one colour: ECharts takes a legend entry's symbol from the series' colour (not from lineStyle), so
// the series, its line, its items and its area all get the same one, and the legend shows what the chart draws.
const coloured = (series, color, opacity) => ({
  ...series,
  color,
  itemStyle: { ...(series.itemStyle ?? {}), color },
  lineStyle: { ...(series.lineStyle ?? {}), color },
  ...(series.areaStyle ? { areaStyle: { ...series.areaStyle, color, opacity: opacity ?? series.areaStyle.opacity } } : {}),
});

const pct = (fraction) => (fraction == null ? '–' : `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`);

// Teams' outputs against outcomes. Releases that ship no feature are not a team's: they are spec.unlinked, drawn by
// unlinkedReleases on a track of their own, so hundreds of them do not flatten the teams' bars.
function outputsOutcomes(spec) {
  const teams = spec.rows.map((r) => r.team);
  const bar = (name, field, stack, colour) => coloured({
    name, type: 'bar', stack, data: spec.rows.map((r) => r[field] ?? 0),
  }, colour);
  return {
    title: { text: `Outputs vs outcomes, ${spec.period}`, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: teams },
    yAxis: { type: 'value', name: 'count', minInterval: 1 },
    series: [
      bar('releases', 'releases', 'outputs', PALETTE.releases),
      bar('features shipped', 'featuresShipped', 'shipped', PALETTE.featuresShipped),
      bar('moved as predicted', 'movedAsPredicted', 'outcomes', VERDICT_COLOURS['moved-as-predicted']),
      bar('moved opposite', 'movedOpposite', 'outcomes', VERDICT_COLOURS['moved-opposite']),
      bar('no detectable change', 'noDetectableChange', 'outcomes', VERDICT_COLOURS['no-detectable-change']),
      bar('inconclusive', 'inconclusive', 'outcomes', VERDICT_COLOURS.inconclusive),
      bar('pending', 'pending', 'outcomes', VERDICT_COLOURS.pending),
    ],
  };
}

// The releases linked to no feature in the period, on their own scale: one bar, and how many were rolled back.
function unlinkedReleases(spec) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 110, right: 30, top: 10, bottom: 40 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: ['no feature'] },
    series: [
      coloured({ name: 'releases linked to no feature', type: 'bar', data: [spec.releases] }, PALETTE.unlinked),
      coloured({ name: 'of them rolled back', type: 'bar', data: [spec.rolledBack] }, VERDICT_COLOURS['moved-opposite']),
    ],
  };
}

// The metric, the release as a vertical line, and after it the counterfactual with its interval as a band.
function impact(spec) {
  if (spec.unavailable) {
    return null;
  }
  const series = [coloured({
    name: spec.metric, type: 'line', data: spec.actual, connectNulls: false, showSymbol: false,
    markLine: spec.releaseDay ? {
      symbol: 'none', lineStyle: { color: PALETTE.release, type: 'dashed' },
      // A function, not a string: a string formatter is a template ({a}, {b}...) and the label is stored text.
      label: { formatter: () => `release ${spec.releaseLabel}` },
      data: [{ xAxis: spec.releaseDay, name: `release ${spec.releaseLabel}` }],
    } : undefined,
  }, PALETTE.metric)];
  const legend = [spec.metric];
  if (spec.counterfactual) {
    // The band: the lower bound, then the width stacked on it and filled.
    series.push({
      name: 'interval', type: 'line', stack: 'band', data: spec.lower, showSymbol: false, lineStyle: { opacity: 0 },
      tooltip: { show: false },
    });
    series.push(coloured({
      name: '95 % interval', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 },
      areaStyle: { opacity: 0.5 },
      data: spec.upper.map((u, i) => (u == null || spec.lower[i] == null ? null : u - spec.lower[i])),
    }, PALETTE.band));
    series.push(coloured({
      name: 'counterfactual', type: 'line', data: spec.counterfactual, showSymbol: false,
      lineStyle: { type: 'dashed' },
    }, PALETTE.counterfactual));
    legend.push('counterfactual', '95 % interval');
  }
  if (spec.predicted) {
    // What the feature predicted, on the same days: the counterfactual moved by the predicted change (dashed), and
    // the predicted range as a band, next to what was measured.
    series.push({
      name: 'predicted low', type: 'line', stack: 'predicted', data: spec.predictedLow, showSymbol: false,
      lineStyle: { opacity: 0 }, tooltip: { show: false },
    });
    series.push(coloured({
      name: 'predicted range', type: 'line', stack: 'predicted', showSymbol: false, lineStyle: { opacity: 0 },
      areaStyle: { opacity: 0.35 },
      data: spec.predictedHigh.map((h, i) => (h == null || spec.predictedLow[i] == null ? null : h - spec.predictedLow[i])),
    }, PALETTE.predictedBand));
    series.push(coloured({
      name: 'predicted', type: 'line', data: spec.predicted, showSymbol: false, lineStyle: { type: 'dashed' },
    }, PALETTE.predicted));
    legend.push('predicted', 'predicted range');
  }
  return {
    // Canvas text, not HTML. An early read is an interim verdict, decided at a stricter level than the final look's.
    title: spec.verdict ? {
      text: `${spec.verdict} at ${spec.checkpointDays} d${spec.earlyRead ? ' (early read)' : ''}`,
      left: 'center', textStyle: { fontSize: 13 },
    } : undefined,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: legend },
    grid: { left: 60, right: 20, top: 35, bottom: 60 },
    xAxis: { type: 'category', data: spec.days },
    yAxis: { type: 'value', scale: true },
    series,
  };
}

// The metric with each release as a pin, one series (and legend entry, in its colour) per verdict; hover says service,
// version, features and effect.
function metric(spec) {
  const verdicts = [...new Set(spec.releases.map((r) => r.verdict))];
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    grid: { left: 60, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: spec.days },
    yAxis: { type: 'value', scale: true, name: spec.unit },
    series: [
      coloured({ name: spec.metric, type: 'line', data: spec.values, showSymbol: false, tooltip: { trigger: 'axis' } },
        PALETTE.metric),
      ...verdicts.map((verdict) => coloured({
        name: `releases: ${verdict}`, type: 'scatter', symbol: 'pin', symbolSize: 28,
        data: spec.releases.filter((r) => r.verdict === verdict).map((r) => ({ value: [r.day, r.value], release: r })),
        // Stored text (service, version, features) as HTML: every value escaped by html`...`.
        tooltip: {
          formatter: tooltip((p) => {
            const r = p.data.release;
            const effect = r.effect != null ? html`, effect ${pct(r.effect)} at ${r.checkpointDays} d` : '';
            const early = r.earlyRead ? ' (early read)' : '';
            return html`<b>${r.service ?? ''} ${r.version ?? ''}</b> on ${r.day}<br>features: ${r.features || 'none'}<br>${
              r.verdict}${early}${effect}`;
          }),
        },
      }, colour(verdict, '#6a1b9a'))),
    ],
  };
}

function checkpoints(spec) {
  const days = spec.points.map((p) => `${p.checkpointDays} d`);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: days, name: 'checkpoint' },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => `${(v * 100).toFixed(1)} %` } },
    series: [
      { name: 'lower', type: 'line', stack: 'ci', data: spec.points.map((p) => p.lower), lineStyle: { opacity: 0 }, showSymbol: false },
      { name: '95 % interval', type: 'line', stack: 'ci', lineStyle: { opacity: 0 }, showSymbol: false,
        areaStyle: { color: '#90caf9', opacity: 0.5 },
        data: spec.points.map((p) => (p.upper == null || p.lower == null ? null : p.upper - p.lower)) },
      { name: 'effect', type: 'line', data: spec.points.map((p) => ({ value: p.effect, itemStyle: { color: colour(p.verdict, undefined) } })),
        symbolSize: 10, lineStyle: { color: '#263238' } },
    ],
  };
}

function reliability(spec) {
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 60, right: 20, top: 20, bottom: 50 },
    xAxis: { type: 'value', min: 0, max: 1, name: 'stated confidence', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: 'hit rate' },
    series: [
      { name: 'perfect calibration', type: 'line', data: [[0, 0], [1, 1]], showSymbol: false,
        lineStyle: { type: 'dashed', color: '#9e9e9e' }, tooltip: { show: false } },
      { name: 'predictions', type: 'scatter',
        data: spec.bins.map((b) => ({ value: [b.statedConfidence, b.hitRate, b.count] })),
        symbolSize: (v) => 8 + 4 * Math.sqrt(v[2]),
        // how many predictions each bin holds, on the dot itself
        label: { show: true, position: 'right', formatter: (p) => `n=${p.value[2]}` },
        tooltip: { formatter: tooltip((p) => html`stated ${(p.value[0] * 100).toFixed(0)} %, hit ${(p.value[1] * 100).toFixed(0)} %, ${p.value[2]} predictions`) } },
    ],
  };
}

function calibrationTrend(spec) {
  if (!spec.quarters.length) {
    return null;
  }
  const quarters = spec.quarters.map((q) => q.quarter);
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 60, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: quarters },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [
      { name: 'Brier score (lower is better)', type: 'line', connectNulls: false,
        data: spec.quarters.map((q) => q.brierScore) },
      { name: 'hit rate', type: 'line', connectNulls: false, data: spec.quarters.map((q) => q.directionHitRate) },
    ],
  };
}

function predictedMeasured(spec) {
  const all = spec.points.flatMap((p) => [p.predicted, p.measured]);
  // Symmetric axes on a round number, so the diagonal is the diagonal.
  const bound = 5 * Math.ceil(Math.max(1, ...all.map((v) => Math.abs(v))) / 5);
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 60, right: 20, top: 20, bottom: 50 },
    xAxis: { type: 'value', name: 'predicted change %', nameLocation: 'middle', nameGap: 28, min: -bound, max: bound },
    yAxis: { type: 'value', name: 'measured change %', min: -bound, max: bound },
    series: [
      { name: 'as predicted', type: 'line', data: [[-bound, -bound], [bound, bound]], showSymbol: false,
        lineStyle: { type: 'dashed', color: '#9e9e9e' }, tooltip: { show: false } },
      { name: 'predictions', type: 'scatter', symbolSize: 12,
        data: spec.points.map((p) => ({ value: [p.predicted, p.measured], point: p,
          itemStyle: { color: colour(p.verdict, '#455a64') } })),
        tooltip: { formatter: tooltip((p) => html`${p.data.point.featureKey} on ${p.data.point.metric}<br>predicted ${p.value[0].toFixed(1)} %, measured ${p.value[1].toFixed(1)} %<br>${p.data.point.verdict}`) } },
    ],
  };
}

const KINDS = {
  'outputs-outcomes': outputsOutcomes,
  'unlinked-releases': unlinkedReleases,
  impact,
  metric,
  checkpoints,
  reliability,
  'predicted-measured': predictedMeasured,
  'calibration-trend': calibrationTrend,
};

function drawAll() {
  const data = document.getElementById('charts');
  const specs = data ? JSON.parse(data.textContent || '[]') : [];
  for (const spec of specs) {
    const element = document.getElementById(spec.id);
    const build = KINDS[spec.kind];
    if (!element || !build) {
      continue;
    }
    const option = build(spec);
    if (!option) {
      element.classList.add('unavailable');
      element.textContent = spec.unavailable ?? 'No data to draw.';
      continue;
    }
    const chart = echarts.init(element);
    // Drawn at once: the numbers are the point, and a screenshot or a reader sees the whole series immediately.
    chart.setOption({ animation: false, ...option });
    window.addEventListener('resize', () => chart.resize());
  }
}

document.addEventListener('DOMContentLoaded', drawAll);
