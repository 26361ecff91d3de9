// Draws every element with a data-chart attribute with Apache ECharts (served from its webjar,
// never from a CDN). The server writes the data as JSON; this file only knows how each type looks.
(function () {
  'use strict';

  const colors = {
    brand: '#1f4fd1', good: '#1b7f4b', bad: '#b42318', warn: '#b7791f', muted: '#98a2b3', ink: '#1c2430',
    line: '#dde1e7'
  };
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const text = { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: colors.ink };
  const percent = (v) => (v === null || v === undefined ? '—' : number.format(v) + ' %');

  function sparkline(d) {
    const series = [{
      type: 'line', data: d.values, smooth: true, symbol: 'none', connectNulls: false,
      lineStyle: { width: 2, color: colors.brand }, areaStyle: { color: 'rgba(31, 79, 209, 0.08)' }
    }];
    if (d.target !== null && d.target !== undefined) {
      series[0].markLine = {
        silent: true, symbol: 'none', label: { show: false },
        lineStyle: { type: 'dashed', color: colors.muted, width: 1 }, data: [{ yAxis: d.target }]
      };
    }
    return {
      animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', data: d.labels, show: false, boundaryGap: false },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: {
        trigger: 'axis', confine: true,
        valueFormatter: (v) => (v === null ? '—' : d.unit === 'MONEY' ? compact.format(v) : d.unit === 'PERCENT' ? percent(v) : number.format(v))
      },
      series
    };
  }

  function waterfall(d, width) {
    // The classic stacked-bar waterfall: an invisible base carries each movement to its height.
    let running = 0;
    const base = [], rise = [], fall = [];
    d.values.forEach((v, i) => {
      const last = i === d.values.length - 1;
      if (i === 0 || last) {
        base.push(0); rise.push(v); fall.push('-'); running = v;
      } else if (v >= 0) {
        base.push(running); rise.push(v); fall.push('-'); running += v;
      } else {
        running += v; base.push(running); rise.push('-'); fall.push(-v);
      }
    });
    return {
      animation: false, textStyle: text, grid: { left: 56, right: 12, top: 20, bottom: width < 520 ? 64 : 40 },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (p) => { const i = p[0].dataIndex; return d.labels[i] + ': ' + number.format(d.values[i]); }
      },
      xAxis: { type: 'category', data: d.labels, axisLabel: { interval: 0, rotate: width < 520 ? 40 : 0, fontSize: width < 520 ? 10 : 12 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => compact.format(v) } },
      series: [
        { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true } },
        {
          type: 'bar', stack: 'w', name: 'Up', data: rise,
          itemStyle: { color: (p) => (p.dataIndex === 0 || p.dataIndex === d.values.length - 1 ? colors.brand : colors.good) },
          label: { show: width > 360, position: 'top', fontSize: 10, formatter: (p) => compact.format(p.value) }
        },
        {
          type: 'bar', stack: 'w', name: 'Down', data: fall, itemStyle: { color: colors.bad },
          label: { show: width > 360, position: 'bottom', fontSize: 10, formatter: (p) => '−' + compact.format(p.value) }
        }
      ]
    };
  }

  function lines(d) {
    const palette = [colors.brand, colors.good, colors.warn, colors.bad];
    const series = d.series.map((s, i) => ({
      name: s.name, type: s.kind || 'line', data: s.values, symbolSize: 6, connectNulls: false,
      lineStyle: { width: 2, color: palette[i % palette.length] }, itemStyle: { color: palette[i % palette.length] },
      areaStyle: s.area ? { color: 'rgba(31, 79, 209, 0.08)' } : undefined, barMaxWidth: 18,
      yAxisIndex: s.axis || 0
    }));
    (d.targets || []).forEach((t, i) => {
      series[i] = series[i] || series[0];
      series[i].markLine = {
        silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: palette[i % palette.length], opacity: 0.6 },
        label: { formatter: t.name + ' ' + number.format(t.value), position: 'insideEndTop', fontSize: 10 },
        data: [{ yAxis: t.value }]
      };
    });
    const axis = (unit) => ({ type: 'value', scale: true, axisLabel: { formatter: (v) => (unit === '%' ? v + ' %' : compact.format(v)) } });
    return {
      animation: false, textStyle: text, legend: { top: 0 }, grid: { left: 56, right: d.secondUnit ? 56 : 16, top: 32, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : d.unit === '%' ? percent(v) : d.unit === 'money' ? compact.format(v) : number.format(v)) },
      xAxis: { type: 'category', data: d.labels },
      yAxis: d.secondUnit ? [axis(d.unit), axis(d.secondUnit)] : axis(d.unit),
      series
    };
  }

  function bands(d) {
    const palette = [colors.good, colors.warn, colors.bad, colors.muted];
    return {
      animation: false, textStyle: text, grid: { left: 110, right: 32, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: d.labels, inverse: true },
      series: [{
        type: 'bar', data: d.values.map((v, i) => ({ value: v, itemStyle: { color: palette[i] } })),
        label: { show: true, position: 'right' }
      }]
    };
  }

  function heatmap(d, width) {
    return {
      animation: false, textStyle: text, grid: { left: 110, right: 16, top: 8, bottom: 64 },
      tooltip: {
        formatter: (p) => d.cohorts[p.value[1]] + ', month ' + p.value[0] + ': ' + (d.unit === '' ? number.format(p.value[2]) : percent(p.value[2]))
      },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, k) => String(k)), name: 'months since', nameLocation: 'middle', nameGap: 26, splitArea: { show: true } },
      yAxis: { type: 'category', data: d.cohorts, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: d.min ?? 0, max: d.max ?? 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10,
        inRange: { color: ['#fde7e5', '#fdf1d8', '#e3f4ea', '#1b7f4b'] }, text: d.unit === '' ? [String(d.max), String(d.min)] : ['100 %', '0 %']
      },
      series: [{
        type: 'heatmap', data: d.cells,
        label: { show: width > 900, fontSize: 9, formatter: (p) => Math.round(p.value[2]) }
      }]
    };
  }

  function history(d) {
    const option = lines({ labels: d.labels, unit: '', series: [{ name: 'Health', values: d.values }] });
    option.legend = { show: false };
    option.yAxis = { type: 'value', min: 0, max: 100 };
    option.series[0].markArea = {
      silent: true,
      data: [
        [{ yAxis: d.healthy, itemStyle: { color: 'rgba(27, 127, 75, 0.07)' } }, { yAxis: 100 }],
        [{ yAxis: 0, itemStyle: { color: 'rgba(180, 35, 24, 0.07)' } }, { yAxis: d.atRisk }]
      ]
    };
    option.series[0].markLine = {
      symbol: 'none', lineStyle: { type: 'dotted', color: colors.ink },
      label: { formatter: (p) => p.name, position: 'insideEndTop', fontSize: 10 },
      data: (d.markers || []).map((m) => ({ xAxis: m.month, name: m.label }))
    };
    return option;
  }

  const renderers = { sparkline, waterfall, lines, bands, heatmap, history };

  function draw(root) {
    if (typeof echarts === 'undefined') return;
    root.querySelectorAll('[data-chart]').forEach((el) => {
      if (el.dataset.drawn) return;
      const data = JSON.parse(el.dataset.chart);
      const render = renderers[data.type];
      if (!render) return;
      const chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(render(data, el.clientWidth));
      el.dataset.drawn = 'true';
    });
  }

  document.addEventListener('DOMContentLoaded', () => draw(document));
  document.addEventListener('htmx:afterSettle', (event) => draw(event.target));
  window.addEventListener('resize', () => {
    document.querySelectorAll('[data-drawn]').forEach((el) => {
      const chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
})();
