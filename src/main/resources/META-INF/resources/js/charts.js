// Draws every element with a data-chart attribute: sparklines as plain SVG at once, the other charts
// with Apache ECharts (served from its webjar, never from a CDN) when they come near the screen. The
// server writes the data as JSON, with a sentence saying what the chart shows and the numbers as a
// table, shown at once; this file only knows how each type looks. Rules every chart keeps:
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
  // a percentage with one decimal, as the pages write it ("110.0 %", not "110 %")
  const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = (v) => (v === null || v === undefined ? '—' : oneDecimal.format(v) + ' %');
  // Amounts in the organisation's currency (the chart's element names it), as the text beside a chart writes them:
  // whole units in a tooltip ("€1,254"), short on an axis or a bar ("€1.3M", as they were). They read "1.3K",
  // without the currency; a code this browser does not know leaves the number alone.
  const moneyFormats = new Map();
  function money(currency, short) {
    const key = (currency || '') + (short ? ' short' : ' whole');
    if (!moneyFormats.has(key)) {
      let format = short ? compact : number;
      try {
        if (currency) {
          format = new Intl.NumberFormat('en-US', short
            ? { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }
            : { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
        }
      } catch (e) { /* the number alone */ }
      moneyFormats.set(key, format);
    }
    return moneyFormats.get(key);
  }
  const signedMoney = (v, currency) => (v > 0 ? '+' : v < 0 ? '−' : '±') + money(currency, true).format(Math.abs(v));
  const text = () => ({ fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: colors.ink });

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
        formatter: (p) => (p.seriesIndex === 0 ? p.name + ': ' + money(d.currency).format(p.value)
          : labels[p.dataIndex] + ': ' + (moves[p.dataIndex] >= 0 ? '+' : '−')
            + money(d.currency).format(Math.abs(moves[p.dataIndex])))
      },
      xAxis: [
        { type: 'category', gridIndex: 0, data: ['Starting', 'Ending'], axisLabel },
        { type: 'category', gridIndex: 1, data: labels, axisLabel: Object.assign({ interval: 0, rotate: phone ? 40 : 0 }, axisLabel) }
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, min: 0, name: 'MRR', nameTextStyle: { color: colors.soft }, axisLabel: Object.assign({ formatter: (v) => money(d.currency, true).format(v) }, axisLabel), splitLine: { lineStyle: { color: colors.line } } },
        { type: 'value', gridIndex: 1, name: 'Change from starting MRR', nameTextStyle: { color: colors.soft, align: 'left' }, axisLabel: Object.assign({ formatter: (v) => signedMoney(v, d.currency) }, axisLabel), splitLine: { lineStyle: { color: colors.line } } }
      ],
      series: [
        {
          type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barMaxWidth: 48,
          data: [{ value: start, itemStyle: { color: colors.brand } }, { value: end, itemStyle: { color: colors.brand } }],
          label: { show: true, position: 'top', fontSize: 11, color: colors.ink, formatter: (p) => money(d.currency, true).format(p.value) }
        },
        Object.assign({}, invisible, { data: posBase }),
        Object.assign({}, visible, { data: posVal, name: 'Increase' }),
        Object.assign({}, invisible, { data: negBase }),
        Object.assign({}, visible, { data: negVal, name: 'Decrease' }),
        {
          type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbolSize: 0, silent: true, tooltip: { show: false },
          data: marks.map((m) => ({
            value: m.value,
            label: { show: true, position: m.movement >= 0 ? 'top' : 'bottom', fontSize: phone ? 10 : 11, fontWeight: 600, color: colors.ink, formatter: () => signedMoney(m.movement, d.currency) }
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
        label: { formatter: t.name + ' ' + (d.unit === '%' ? percent(t.value) : number.format(t.value)), position: 'insideEndTop', fontSize: 10, color: colors.ink },
        data: [{ yAxis: t.value }]
      };
    });
    // Every value axis starts at zero, unless the server gave a range (then it holds every value and target, and
    // the axis says where it starts).
    const axis = (unit, index) => {
      const a = {
        type: 'value', min: 0, axisLabel: { color: colors.soft, formatter: (v) => (unit === '%' ? v + ' %'
          : unit === 'money' ? money(d.currency, true).format(v) : compact.format(v)) },
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
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v) => (v === null || v === undefined ? '—' : d.unit === '%' ? percent(v) : d.unit === 'money' ? money(d.currency).format(v) : number.format(v)) },
      xAxis: { type: 'category', data: d.labels, axisLabel: { color: colors.soft } },
      yAxis: d.secondUnit ? [axis(d.unit, 0), axis(d.secondUnit, 1)] : axis(d.unit, 0),
      series
    };
  }

  function bands(d) {
    const tones = [colors.good, colors.warn, colors.bad, colors.muted];
    return {
      animation: false, textStyle: text(), grid: { left: 110, right: 32, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
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
        // the darkest green is light enough for the cells' dark labels (#1c2430 on #4caf7d is 5.8:1; on the
        // brand's #166b3f it was 2.4:1)
        inRange: { color: ['#fde7e5', '#fdf1d8', '#e3f4ea', '#4caf7d'] }, text: d.unit === '' ? [String(d.max), String(d.min)] : [top(d), (d.min ?? 0) + ' %'],
        textStyle: { color: colors.ink }
      },
      series: [{
        type: 'heatmap', data: d.cells, cursor: d.links ? 'pointer' : 'default',
        // whole numbers, but never 100 for 99.6 nor 0 for 0.4: an edge shown is an edge reached
        label: { show: width > 900, fontSize: 9, color: '#1c2430', formatter: (p) => cellLabel(p.value[2]) }
      }]
    };
  }

  // the scale's end: "100 %+" when a cell lies past it (revenue retention with expansion takes 100 %'s colour)
  function top(d) {
    const max = d.max ?? 100;
    return max + (d.cells.some((c) => c[2] > max) ? ' %+' : ' %');
  }

  function cellLabel(v) {
    const whole = Math.round(v);
    if (whole === 100 && v < 100) return (Math.floor(v * 10) / 10).toFixed(1); // 99.97 is 99.9, not 100.0
    if (whole === 0 && v > 0) return (Math.ceil(v * 10) / 10).toFixed(1); // 0.03 is 0.1, not 0.0
    return String(whole);
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
  // table behind "Show the numbers". A chart the page describes itself (data-described: named by its label, the
  // summary the line under it) is left as it is: its summary as its name too was read twice.
  function describe(el, data) {
    if (!data.summary || el.dataset.described) return;
    el.setAttribute('aria-label', data.summary);
    if (!data.table) return;
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
    data.table.rows.forEach((r, row) => {
      const tr = body.insertRow();
      r.forEach((cell, i) => {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'row'; else { td.className = 'num'; td.dataset.label = data.table.columns[i]; }
        const url = i === 0 && data.links && data.links[row];
        if (url) {
          const a = document.createElement('a');
          a.href = url;
          a.textContent = cell;
          td.appendChild(a);
        } else td.textContent = cell;
        tr.appendChild(td);
      });
    });
    box.appendChild(table);
    details.append(summary, box);
    el.after(line, details);
  }

  const renderers = { waterfall, lines, bands, heatmap, history };

  // A sparkline is a few points: drawn at once as plain SVG, without the library, so the tiles are complete as soon
  // as the page is. The range holds the target, whose dashed line is always drawn.
  const SVG = 'http://www.w3.org/2000/svg';
  function drawSparkline(el, d) {
    const width = Math.max(el.clientWidth, 40), height = Math.max(el.clientHeight, 24), pad = 3;
    const values = d.values.filter((v) => v !== null && v !== undefined);
    if (!values.length) { el.dataset.drawn = 'true'; return; }
    const hasTarget = d.target !== null && d.target !== undefined;
    let lo = Math.min(...values, hasTarget ? d.target : Infinity), hi = Math.max(...values, hasTarget ? d.target : -Infinity);
    if (lo === hi) { lo -= 1; hi += 1; }
    const n = d.values.length;
    const x = (i) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
    const y = (v) => height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const add = (name, attributes) => {
      const node = document.createElementNS(SVG, name);
      Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
      svg.appendChild(node);
      return node;
    };
    if (hasTarget) {
      add('line', { x1: 0, x2: width, y1: y(d.target), y2: y(d.target), stroke: colors.muted, 'stroke-width': 1, 'stroke-dasharray': '4 3' });
    }
    // one path per run of values without a gap
    let run = [];
    const runs = [];
    d.values.forEach((v, i) => {
      if (v === null || v === undefined) { if (run.length) runs.push(run); run = []; } else run.push([x(i), y(v)]);
    });
    if (run.length) runs.push(run);
    runs.forEach((points) => {
      const line = points.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
      if (points.length > 1) {
        add('path', { d: line + ' L' + points[points.length - 1][0].toFixed(1) + ' ' + (height - pad) + ' L' + points[0][0].toFixed(1) + ' ' + (height - pad) + ' Z', fill: colors.brand, 'fill-opacity': 0.08, stroke: 'none' });
      }
      add('path', { d: line, fill: 'none', stroke: colors.brand, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' });
      if (points.length === 1) add('circle', { cx: points[0][0], cy: points[0][1], r: 2, fill: colors.brand });
    });
    el.replaceChildren(svg);
    el.dataset.drawn = 'true';
  }

  // ECharts is large. It is fetched only once a chart that needs it comes near the screen (IntersectionObserver),
  // after the page's text is usable; until then each chart shows its summary. The page names two builds: data-echarts
  // (the common one: bars and lines) and, if a chart needs more, data-echarts-full (heatmaps); the full build is
  // fetched only when such a chart nears the screen, and then draws everything after it.
  const script = document.currentScript;
  const urls = { common: script && script.dataset.echarts, full: script && (script.dataset.echartsFull || script.dataset.echarts) };
  const libraries = {};
  let loading = null;
  const needs = (data) => (data.type === 'heatmap' ? 'full' : 'common');
  const libraryFor = (kind) => libraries.full || (kind === 'common' ? libraries.common : null);
  function load(kind) {
    if (libraryFor(kind) || loading || !urls[kind]) return;
    loading = kind;
    const tag = document.createElement('script');
    tag.src = urls[kind];
    tag.async = true;
    tag.onload = () => {
      libraries[kind] = window.echarts;
      loading = null;
      document.querySelectorAll('[data-chart][data-near]:not([data-drawn])').forEach(render);
    };
    tag.onerror = () => { loading = null; }; // the summaries stay; the next chart to come near tries again
    document.head.appendChild(tag);
  }

  // A chart's data as the server wrote it, with the currency its element names.
  function dataOf(el) {
    return Object.assign(JSON.parse(el.dataset.chart), { currency: el.dataset.currency || '' });
  }

  function render(el) {
    if (el.dataset.drawn) return;
    const data = dataOf(el);
    if (data.type === 'sparkline') { drawSparkline(el, data); return; }
    const draw = renderers[data.type];
    if (!draw) return;
    const kind = needs(data);
    const lib = libraryFor(kind);
    if (!lib) { load(kind); return; }
    if (data.type === 'heatmap' && data.cohorts) {
      // a row per cohort, readable however many months the data spans (the box scrolls with the page)
      el.style.height = Math.max(el.clientHeight, data.cohorts.length * 16 + 80) + 'px';
    }
    const chart = lib.init(el, null, { renderer: 'svg' });
    chart.setOption(draw(data, el.clientWidth));
    el._layout = layout(el.clientWidth);
    if (data.links) {
      // a heatmap's row leads to its cohort's accounts; on a touch screen the first tap on a cell shows its
      // value (there is no hover), a second tap on the same cell opens the cohort
      let tapped = null;
      chart.on('click', (p) => {
        const url = p.value && data.links[p.value[1]];
        if (!url) return;
        const cell = p.value[0] + ',' + p.value[1];
        if (window.matchMedia('(pointer: coarse)').matches && tapped !== cell) { tapped = cell; return; }
        window.location.href = url;
      });
    }
    el._chart = chart;
    el.dataset.drawn = 'true';
  }

  const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    entries.forEach((entry) => {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      entry.target.dataset.near = 'true';
      render(entry.target);
    });
  }, { rootMargin: '200px 0px' }) : null;

  // Every chart under root: its summary and table at once, the drawing when it nears the screen.
  function draw(root) {
    colors = colors || palette();
    root.querySelectorAll('[data-chart]').forEach((el) => {
      if (el.dataset.drawn) return;
      describe(el, JSON.parse(el.dataset.chart));
      if (observer && !el.dataset.near) observer.observe(el);
      else { el.dataset.near = 'true'; render(el); }
    });
  }

  // The widths at which a chart's layout changes (the renderers above: under 600 px, over 900 px).
  function layout(width) {
    return width < 600 ? 'narrow' : width > 900 ? 'wide' : 'middle';
  }

  function redraw(dispose) {
    document.querySelectorAll('[data-drawn]').forEach((el) => {
      if (el._chart) {
        if (dispose) { el._chart.dispose(); el._chart = null; delete el.dataset.drawn; return; }
        // a phone turned, a window narrowed past a layout's edge (the waterfall's phone layout, the heatmap's
        // cell labels): drawn again for the new width, not only stretched
        const now = layout(el.clientWidth);
        if (now !== el._layout) {
          const data = dataOf(el);
          const draw = renderers[data.type];
          if (draw) el._chart.setOption(draw(data, el.clientWidth), true);
          el._layout = now;
        }
        el._chart.resize();
      } else if (dispose || el.querySelector('svg')) {
        delete el.dataset.drawn;
        render(el);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', () => draw(document));
  document.addEventListener('htmx:afterSettle', (event) => draw(event.target));
  // A chart swapped out by htmx lets go of its ECharts instance (kept in ECharts' registry otherwise) and of
  // the observer watching it.
  document.addEventListener('htmx:beforeCleanupElement', (event) => {
    const gone = event.detail && event.detail.elt;
    if (!(gone instanceof Element)) return;
    const charts = gone.matches('[data-chart]') ? [gone] : gone.querySelectorAll('[data-chart]');
    charts.forEach((el) => {
      if (el._chart) { el._chart.dispose(); el._chart = null; }
      if (observer) observer.unobserve(el);
    });
  });
  window.addEventListener('resize', () => redraw(false));
  // Printing: a chart further down than the reader scrolled is drawn first, or it would print as an empty box.
  window.addEventListener('beforeprint', () => {
    document.querySelectorAll('[data-chart]').forEach((el) => {
      if (el.dataset.drawn) return;
      if (observer) observer.unobserve(el);
      el.dataset.near = 'true';
      render(el);
    });
  });
  // The system switched between light and dark: redraw with the other palette.
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    colors = palette();
    redraw(true);
    document.querySelectorAll('[data-chart][data-near]:not([data-drawn])').forEach(render);
  });
})();
