// Browser code of report.html, embedded inline at render time next to uPlot (reports/render/html.ts). It only
// plots: the data was prepared by reports/render/chart-data.ts. Every chart shares one x range and one cursor.
// Plain ES2017 for any browser; no network, no modules.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('firedrill-data').textContent);
  var charts = (window.firedrillCharts = []);
  var SYNC = uPlot.sync('firedrill');
  var LINE = { p50: '#2f9e44', p95: '#e8590c', p99: '#c2255c' };
  var NOTE_COLOUR = '#7048e8';
  var STATE_COLOUR = {
    OK: '#2f9e44', ALARM: '#e03131', INSUFFICIENT_DATA: '#adb5bd', UNKNOWN: '#dee2e6',
    healthy: '#2f9e44', degraded: '#f59f00', unhealthy: '#e03131', unreachable: '#343a40',
  };

  function fmtMs(v) {
    if (v == null) return '';
    if (v >= 1000) return (v / 1000).toFixed(v >= 10000 ? 0 : 2) + ' s';
    return (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)) + ' ms';
  }
  function fmtNum(digits, unit) {
    return function (u, v) { return v == null ? '' : v.toFixed(digits) + unit; };
  }

  // Times read as in the tables: UTC, 24-hour.
  function fmtTime(t) { return new Date(t * 1000).toISOString().slice(11, 19); }
  // Wide enough apart that HH:MM:SS labels never touch, whatever the chart's width.
  function xAxis() { return { space: 90, values: function (u, vals) { return vals.map(fmtTime); } }; }

  function chartWidth(el) { return Math.max(360, el.clientWidth || 960); }

  // Fault windows shaded behind the series; inject and restore marked on top.
  function shadeFaults(u) {
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(224, 49, 49, 0.10)';
    data.faults.forEach(function (f) {
      if (f.start == null) return;
      var x0 = u.valToPos(f.start, 'x', true);
      var x1 = u.valToPos(f.end == null ? data.to : f.end, 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
    });
    ctx.restore();
  }
  function markFaults(u) {
    var ctx = u.ctx;
    ctx.save();
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.font = 10 * devicePixelRatio + 'px sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    data.faults.forEach(function (f) {
      [[f.injected, '#c92a2a', 'inject ' + f.id], [f.restored, '#1971c2', 'restore ' + f.id]].forEach(function (m) {
        if (m[0] == null) return;
        var x = u.valToPos(m[0], 'x', true);
        ctx.strokeStyle = m[1];
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        // A white plate keeps the label readable over the alarm lanes' colours.
        var tx = x + 3 * devicePixelRatio;
        var ty = u.bbox.top + 11 * devicePixelRatio;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(tx - devicePixelRatio, ty - 9 * devicePixelRatio, ctx.measureText(m[2]).width + 2 * devicePixelRatio, 12 * devicePixelRatio);
        ctx.fillStyle = m[1];
        ctx.fillText(m[2], tx, ty);
      });
    });
    ctx.restore();
  }

  // Operator notes: a dotted violet line numbered at the foot of every chart, and over it a hover target whose native
  // tooltip is the note (set as a DOM property, so the text is never parsed as markup).
  function markNotes(u) {
    var ctx = u.ctx;
    var dpr = devicePixelRatio;
    ctx.save();
    ctx.strokeStyle = NOTE_COLOUR;
    ctx.lineWidth = 1.5 * dpr;
    ctx.setLineDash([2 * dpr, 3 * dpr]);
    ctx.font = 10 * dpr + 'px sans-serif';
    ctx.textAlign = 'left';
    data.notes.forEach(function (n, i) {
      if (n.at < data.from || n.at > data.to) return;
      var x = u.valToPos(n.at, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      var label = 'note ' + (i + 1);
      var ty = u.bbox.top + u.bbox.height - 3 * dpr;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(x + 2 * dpr, ty - 10 * dpr, ctx.measureText(label).width + 2 * dpr, 12 * dpr);
      ctx.fillStyle = NOTE_COLOUR;
      ctx.fillText(label, x + 3 * dpr, ty);
    });
    ctx.restore();
    placeNoteTargets(u);
  }
  function placeNoteTargets(u) {
    if (!u.firedrillNotes) {
      u.firedrillNotes = data.notes.map(function (n, i) {
        var el = document.createElement('div');
        el.className = 'note-marker';
        el.setAttribute('data-note', String(i + 1));
        el.title = 'note ' + (i + 1) + ', ' + fmtTime(n.at) + ' UTC: ' + n.text;
        u.over.appendChild(el);
        return el;
      });
    }
    data.notes.forEach(function (n, i) {
      var el = u.firedrillNotes[i];
      el.style.display = n.at < data.from || n.at > data.to ? 'none' : '';
      el.style.left = u.valToPos(n.at, 'x') - 4 + 'px';
    });
  }

  function timeSeries() { return { label: 'UTC', value: function (u, v) { return v == null ? '--' : fmtTime(v); } }; }

  function baseOptions(title, height) {
    return {
      title: title,
      width: 960,
      height: height,
      cursor: { sync: { key: SYNC.key } },
      scales: { x: { time: true, auto: false, range: function () { return [data.from, data.to]; } } },
      hooks: { drawClear: [shadeFaults], draw: [markFaults, markNotes] },
    };
  }

  function mount(id, opts, series) {
    var el = document.getElementById('chart-' + id);
    opts.width = chartWidth(el);
    var u = new uPlot(opts, series, el);
    charts.push({ id: id, series: opts.series.length - 1, chart: u });
  }

  function latencyChart(c) {
    var opts = baseOptions(c.title + ' (ms, log scale)', 240);
    opts.scales.y = { distr: 3, log: 10 };
    opts.axes = [xAxis(), { size: 64, values: function (u, vals) { return vals.map(fmtMs); } }];
    opts.series = [timeSeries()].concat(
      ['p50', 'p95', 'p99'].map(function (p) {
        return { label: p, stroke: LINE[p], width: 1.5, value: function (u, v) { return fmtMs(v); } };
      }),
      c.slo.map(function (s) {
        return { label: s.label, stroke: '#495057', width: 1, dash: [8, 5], points: { show: false }, value: function (u, v) { return fmtMs(v); } };
      })
    );
    mount(c.id, opts, [data.t, c.p50, c.p95, c.p99].concat(c.slo.map(function (s) { return s.values; })));
  }

  function loadChart() {
    var opts = baseOptions('Request rate and error rate', 220);
    opts.scales.rps = { auto: true, range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } };
    opts.scales.pct = { auto: true, range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } };
    opts.axes = [xAxis(), { scale: 'rps', label: 'req/s', size: 64 }, { scale: 'pct', side: 1, label: 'errors %', size: 56, grid: { show: false } }];
    opts.series = [
      timeSeries(),
      { label: 'requests/s', scale: 'rps', stroke: '#1971c2', fill: 'rgba(25, 113, 194, 0.08)', width: 1.5, value: fmtNum(1, ' req/s') },
      { label: 'errors (5xx + network)', scale: 'pct', stroke: '#e03131', width: 1.5, value: fmtNum(2, ' %') },
    ];
    mount('load', opts, [data.t, data.rps, data.errorPct]);
  }

  function stateAt(segments, t) {
    for (var i = 0; i < segments.length; i++) if (t >= segments[i][0] && t < segments[i][1]) return segments[i][2];
    return null;
  }

  // One lane per alarm (or for /health), coloured by state. Series carry the state at each x for the legend;
  // nothing is drawn from them: the lanes are painted from the segments.
  function laneChart(id, title, lanes) {
    var n = lanes.length;
    var opts = baseOptions(title, 48 + 30 * Math.max(1, n));
    opts.cursor.points = { show: false };
    opts.legend = { live: true };
    opts.scales.y = { auto: false, range: [-0.5, Math.max(0.5, n - 0.5)] };
    opts.axes = [xAxis(), {
      size: 190,
      splits: function () { return lanes.map(function (l, i) { return i; }); },
      values: function (u, splits) { return splits.map(function (y) { var l = lanes[n - 1 - y]; return l ? l.name : ''; }); },
      grid: { show: false },
    }];
    opts.series = [timeSeries()].concat(lanes.map(function (l) {
      return { label: l.name, paths: function () { return null; }, points: { show: false }, value: function (u, v) { return v == null ? '' : data.states[v]; } };
    }));
    opts.hooks.draw = [function (u) { paintLanes(u, lanes); }].concat(opts.hooks.draw);
    mount(id, opts, [data.t].concat(lanes.map(function (l) { return data.t.map(function (t) { return stateAt(l.segments, t); }); })));
  }

  function paintLanes(u, lanes) {
    var ctx = u.ctx;
    var laneHeight = Math.abs(u.valToPos(1, 'y', true) - u.valToPos(0, 'y', true)) || u.bbox.height;
    ctx.save();
    lanes.forEach(function (lane, i) {
      // The first lane on top.
      var y = u.valToPos(lanes.length - 1 - i, 'y', true) - laneHeight * 0.3;
      lane.segments.forEach(function (s) {
        var x0 = u.valToPos(s[0], 'x', true);
        var x1 = u.valToPos(s[1], 'x', true);
        ctx.fillStyle = STATE_COLOUR[data.states[s[2]]] || '#868e96';
        ctx.fillRect(x0, y, Math.max(2 * devicePixelRatio, x1 - x0), laneHeight * 0.6);
      });
    });
    ctx.restore();
  }

  try {
    data.latency.forEach(latencyChart);
    loadChart();
    if (data.alarms.length > 0) laneChart('alarms', 'Alarm states', data.alarms);
    laneChart('health', 'GET /health status', [{ name: '/health', segments: data.health }]);
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.chart.setSize({ width: chartWidth(c.chart.root.parentNode), height: c.chart.height }); });
    });
    document.body.setAttribute('data-charts', 'ready');
  } catch (err) {
    document.body.setAttribute('data-charts', 'failed');
    console.error('firedrill charts failed: ' + (err && err.stack ? err.stack : err));
  }
})();
