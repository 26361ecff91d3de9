// Draws every element with a data-chart attribute with Apache ECharts (served from its webjar,
// never from a CDN). The server writes the data as JSON, with a sentence saying what the chart shows
// and the numbers as a table; this file only knows how each type looks. Rules every chart keeps:
// value axes start at zero or say where they start, a target line always lies inside its axis, and
// every movement of a waterfall is visible and labelled whatever its size.
(function () {
  'use strict';

  let colors = null;
  function palette() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => (css.getPropertyValue(name).trim() || fallback);
    return {
      brand: v('--brand', '#1f4fd1'), good: v('--good', '#166b3f'), bad: v('--bad', '#b42318'),
      warn: v('--warn', '#8a5a00'), muted: v('--chart-muted', '#98a2b3'), ink: v('--ink', '#1c2430'),
      soft: v('--muted', '#5b6573'), line: v('--line', '#dde1e7'), surface: v('--surface', '#ffffff')
    };
  }
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const percent = (v) => (v === null || v === undefined ? '—' : number.format(v) + ' %');
  const signed = (v) => (v > 0 ? '+' : v < 0 ? '−' : '±') + compact.format(Math.abs(v));
  const text = () => ({ fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: colors.ink });

  function sparkline(d) {
    const hasTarget = d.target !== null && d.target !== undefined;
    const series = [{
      type: 'line', data: d.values, smooth: true, symbol: 'none', connectNulls: false,
      lineStyle: { width: 2, color: colors.brand }, areaStyle: { color: colors.brand, opacity: 0.08 }
    }];
    if (hasTarget) {
      series[0].markLine = {
        silent: true, symbol: 'none', label: { show: false },
        lineStyle: { type: 'dashed', color: colors.muted, width: 1 }, data: [{ yAxis: d.target }]
      };
    }
    return {
      animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', data: d.labels, show: false, boundaryGap: false },
      // A trend, without a visible axis: the range holds the target so its line is always drawn.
      yAxis: {
        type: 'value', show: false, scale: true,
        min: hasTarget ? (v) => Math.min(v.min, d.target) : undefined,
        max: hasTarget ? (v) => Math.max(v.max, d.target) : undefined
      },
      tooltip: {
        trigger: 'axis', confine: true,
        valueFormatter: (v) => (v === null ? '—' : d.unit === 'MONEY' ? compact.format(v) : d.unit === 'PERCENT' ? percent(v) : number.format(v))
      },
      series
    };
  }

  // Starting and ending MRR as bars from zero (left, or top on a phone), and the movements as floating bars on their
  // own axis of change from the starting MRR (right, or below), each labelled, ending with the net change.
  function waterfall(d, width) {
    const n = d.values.length;
    const start = d.values[0];
    const end = d.values[n - 1];
    const moves = d.values.slice(1, n - 1).concat([end - start]);
    const labels = d.labels.slice(1, n - 1).concat(['Net change']);
    const posBase = [], posVal = [], negBase = [], negVal = [], marks = [];
    let running = 0;
    moves.forEach((v, i) => {
      const net = i === moves.length - 1;
      const a = net ? 0 : running;
      const b = a + v;
      if (!net) running = b;
      const lo = Math.min(a, b), hi = Math.max(a, b);
      if (lo === hi) { posBase.push('-'); posVal.push('-'); negBase.push('-'); negVal.push('-'); }
      else if (lo >= 0) { posBase.push(lo); posVal.push(hi - lo); negBase.push('-'); negVal.push('-'); }
      else if (hi <= 0) { posBase.push('-'); posVal.push('-'); negBase.push(hi); negVal.push(lo - hi); }
      else { posBase.push('-'); posVal.push(hi); negBase.push('-'); negVal.push(lo); }
      marks.push({ value: [labels[i], v >= 0 ? hi : lo], movement: v });
    });
    const colour = (i) => (i === moves.length - 1 ? colors.brand : moves[i] >= 0 ? colors.good : colors.bad);
    const phone = width < 600;
    const grids = phone
      ? [{ left: 56, right: 12, top: 24, height: '22%' }, { left: 56, right: 12, top: '52%', bottom: 64 }]
      : [{ left: 56, width: '20%', top: 28, bottom: 40 }, { left: '38%', right: 12, top: 28, bottom: 40 }];
    const axisLabel = { color: colors.soft, fontSize: phone ? 10 : 12 };
    const moving = { type: 'bar', stack: 'moves', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 40 };
    const invisible = Object.assign({}, moving, { itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, tooltip: { show: false } });
    const visible = Object.assign({}, moving, { barMinHeight: 3, itemStyle: { color: (p) => colour(p.dataIndex) } });
    return {
      animation: false, textStyle: text(), grid: grids,
      tooltip: {
        trigger: 'item',
        formatter: (p) => (p.seriesIndex === 0 ? p.name + ': ' + number.format(p.value)
          : labels[p.dataIndex] + ': ' + (moves[p.dataIndex] >= 0 ? '+' : '−') + number.format(Math.abs(moves[p.dataIndex])))
      },
      xAxis: [
        { type: 'category', gridIndex: 0, data: ['Starting', 'Ending'], axisLabel },
        { type: 'category', gridIndex: 1, data: labels, axisLabel: Object.assign({ interval: 0, rotate: phone ? 40 : 0 }, axisLabel) }
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, min: 0, name: 'MRR', nameTextStyle: { color: colors.soft }, axisLabel: Object.assign({ formatter: (v) => compact.format(v) }, axisLabel), splitLine: { lineStyle: { color: colors.line } } },
        { type: 'value', gridIndex: 1, name: 'Change from starting MRR', nameTextStyle: { color: colors.soft, align: 'left' }, axisLabel: Object.assign({ formatter: signed }, axisLabel), splitLine: { lineStyle: { color: colors.line } } }
      ],
      series: [
        {
          type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barMaxWidth: 48,
          data: [{ value: start, itemStyle: { color: colors.brand } }, { value: end, itemStyle: { color: colors.brand } }],
          label: { show: true, position: 'top', fontSize: 11, color: colors.ink, formatter: (p) => compact.format(p.value) }
        },
        Object.assign({}, invisible, { data: posBase }),
        Object.assign({}, visible, { data: posVal, name: 'Increase' }),
        Object.assign({}, invisible, { data: negBase }),
        Object.assign({}, visible, { data: negVal, name: 'Decrease' }),
        {
          type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbolSize: 0, silent: true, tooltip: { show: false },
          data: marks.map((m) => ({
            value: m.value,
            label: { show: true, position: m.movement >= 0 ? 'top' : 'bottom', fontSize: phone ? 10 : 11, fontWeight: 600, color: colors.ink, formatter: () => signed(m.movement) }
          }))
        }
      ]
    };
  }

  function lines(d) {
    const tones = [colors.brand, colors.good, colors.warn, colors.bad];
    const series = d.series.map((s, i) => ({
      name: s.name, type: s.kind || 'line', data: s.values, symbolSize: 6, connectNulls: false,
      lineStyle: { width: 2, color: tones[i % tones.length] }, itemStyle: { color: tones[i % tones.length] },
      areaStyle: s.area ? { color: tones[i % tones.length], opacity: 0.08 } : undefined, barMaxWidth: 18,
      yAxisIndex: s.axis || 0
    }));
    (d.targets || []).forEach((t, i) => {
      series[i] = series[i] || series[0];
      series[i].markLine = {
        silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: tones[i % tones.length], width: 1.5 },
        label: { formatter: t.name + ' ' + number.format(t.value), position: 'insideEndTop', fontSize: 10, color: colors.ink },
        data: [{ yAxis: t.value }]
      };
    });
    // Every value axis starts at zero, unless the server gave a range (then it holds every value and target, and
    // the axis says where it starts).
    const axis = (unit, index) => {
      const a = {
        type: 'value', min: 0, axisLabel: { color: colors.soft, formatter: (v) => (unit === '%' ? v + ' %' : compact.format(v)) },
        splitLine: { lineStyle: { color: colors.line } }, nameTextStyle: { color: colors.soft, align: index ? 'right' : 'left' },
        name: unit === '%' || unit === 'money' ? '' : unit
      };
      if (index === 0 && d.axisMin !== undefined && d.axisMax !== undefined) {
        a.min = d.axisMin; a.max = d.axisMax;
        if (d.axisMin > 0) a.name = 'axis from ' + number.format(d.axisMin) + (unit === '%' ? ' %' : '') + ', not 0';
      }
      return a;
    };
    return {
      animation: false, textStyle: text(), legend: { top: 0, textStyle: { color: colors.ink } },
      grid: { left: 56, right: d.secondUnit ? 56 : 16, top: 44, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : d.unit === '%' ? percent(v) : d.unit === 'money' ? compact.format(v) : number.format(v)) },
      xAxis: { type: 'category', data: d.labels, axisLabel: { color: colors.soft } },
      yAxis: d.secondUnit ? [axis(d.unit, 0), axis(d.secondUnit, 1)] : axis(d.unit, 0),
      series
    };
  }

  function bands(d) {
    const tones = [colors.good, colors.warn, colors.bad, colors.muted];
    return {
      animation: false, textStyle: text(), grid: { left: 110, right: 32, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, minInterval: 1, axisLabel: { color: colors.soft }, splitLine: { lineStyle: { color: colors.line } } },
      yAxis: { type: 'category', data: d.labels, inverse: true, axisLabel: { color: colors.ink } },
      series: [{
        type: 'bar', data: d.values.map((v, i) => ({ value: v, itemStyle: { color: tones[i] } })),
        label: { show: true, position: 'right', color: colors.ink }
      }]
    };
  }

  function heatmap(d, width) {
    return {
      animation: false, textStyle: text(), grid: { left: 110, right: 16, top: 8, bottom: 64 },
      tooltip: {
        formatter: (p) => d.cohorts[p.value[1]] + ', month ' + p.value[0] + ': ' + (d.unit === '' ? number.format(p.value[2]) : percent(p.value[2]))
      },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, k) => String(k)), name: 'months since', nameLocation: 'middle', nameGap: 26, splitArea: { show: true }, axisLabel: { color: colors.soft } },
      yAxis: { type: 'category', data: d.cohorts, inverse: true, splitArea: { show: true }, axisLabel: { color: colors.ink } },
      visualMap: {
        min: d.min ?? 0, max: d.max ?? 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10,
        inRange: { color: ['#fde7e5', '#fdf1d8', '#e3f4ea', '#166b3f'] }, text: d.unit === '' ? [String(d.max), String(d.min)] : ['100 %', '0 %'],
        textStyle: { color: colors.ink }
      },
      series: [{
        type: 'heatmap', data: d.cells,
        label: { show: width > 900, fontSize: 9, color: '#1c2430', formatter: (p) => Math.round(p.value[2]) }
      }]
    };
  }

  function history(d) {
    const option = lines({ labels: d.labels, unit: '', series: [{ name: 'Health', values: d.values }] });
    option.legend = { show: false };
    option.grid.top = 16;
    option.yAxis = { type: 'value', min: 0, max: 100, axisLabel: { color: colors.soft }, splitLine: { lineStyle: { color: colors.line } } };
    option.series[0].markArea = {
      silent: true,
      data: [
        [{ yAxis: d.healthy, itemStyle: { color: colors.good, opacity: 0.08 } }, { yAxis: 100 }],
        [{ yAxis: 0, itemStyle: { color: colors.bad, opacity: 0.08 } }, { yAxis: d.atRisk }]
      ]
    };
    option.series[0].markLine = {
      symbol: 'none', lineStyle: { type: 'dotted', color: colors.ink },
      label: { formatter: (p) => p.name, position: 'insideEndTop', fontSize: 10, color: colors.ink },
      data: (d.markers || []).map((m) => ({ xAxis: m.month, name: m.label }))
    };
    return option;
  }

  // The chart's text alternative: its summary as accessible name and as a line under it, and its numbers as a
  // table behind "Show the numbers".
  function describe(el, data) {
    if (!data.summary) return;
    el.setAttribute('aria-label', data.summary);
    if (!data.table || el.dataset.described) return;
    el.dataset.described = 'true';
    const line = document.createElement('p');
    line.className = 'chart-summary';
    line.textContent = data.summary;
    const details = document.createElement('details');
    details.className = 'chart-data';
    const summary = document.createElement('summary');
    summary.textContent = 'Show the numbers';
    const box = document.createElement('div');
    box.className = 'table-scroll';
    const table = document.createElement('table');
    table.className = 'stack';
    const head = table.createTHead().insertRow();
    data.table.columns.forEach((c) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.appendChild(th);
    });
    const body = table.createTBody();
    data.table.rows.forEach((r) => {
      const tr = body.insertRow();
      r.forEach((cell, i) => {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'row'; else { td.className = 'num'; td.dataset.label = data.table.columns[i]; }
        td.textContent = cell;
        tr.appendChild(td);
      });
    });
    box.appendChild(table);
    details.append(summary, box);
    el.after(line, details);
  }

  const renderers = { sparkline, waterfall, lines, bands, heatmap, history };

  // ECharts is large: it is fetched only once the page's text is on screen and usable (this script's data-echarts,
  // a versioned URL), and the charts are drawn when it arrives. Until then each chart shows its summary.
  const library = document.currentScript && document.currentScript.dataset.echarts;
  let loading = false;
  function load() {
    if (loading || typeof echarts !== 'undefined' || !library) return;
    loading = true;
    const script = document.createElement('script');
    script.src = library;
    script.async = true;
    script.onload = () => draw(document);
    document.head.appendChild(script);
  }

  function draw(root) {
    colors = colors || palette();
    root.querySelectorAll('[data-chart]').forEach((el) => {
      if (el.dataset.drawn) return;
      const data = JSON.parse(el.dataset.chart);
      describe(el, data);
      const render = renderers[data.type];
      if (!render) return;
      if (typeof echarts === 'undefined') { load(); return; }
      const chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(render(data, el.clientWidth));
      el.dataset.drawn = 'true';
    });
  }

  document.addEventListener('DOMContentLoaded', () => draw(document));
  document.addEventListener('htmx:afterSettle', (event) => draw(event.target));
  window.addEventListener('resize', () => {
    if (typeof echarts === 'undefined') return;
    document.querySelectorAll('[data-drawn]').forEach((el) => {
      const chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
  // The system switched between light and dark: redraw with the other palette.
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    colors = palette();
    if (typeof echarts === 'undefined') return;
    document.querySelectorAll('[data-drawn]').forEach((el) => {
      const chart = echarts.getInstanceByDom(el);
      if (chart) chart.dispose();
      delete el.dataset.drawn;
    });
    draw(document);
  });
})();
