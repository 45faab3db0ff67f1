// Polls /api/state every second and redraws: no reload, no network beyond this server.
(function () {
  "use strict";
  const charts = {};

  function lineChart(id, xLabel, xIsTime) {
    const el = document.getElementById(id);
    const opts = {
      width: Math.max(400, el.clientWidth), height: 240,
      scales: { x: { time: xIsTime }, y: { range: [0, 1] } },
      axes: [{ label: xLabel }, { label: "" }],
      series: [{}, { label: "accuracy", stroke: "#2563eb", width: 2, points: { show: true } },
                   { label: "AUC", stroke: "#d97706", width: 2, points: { show: true } }],
    };
    charts[id] = new uPlot(opts, [[], [], []], el);
  }

  // step: one window (s) or one version; a lone point gets a few of them on each side instead of an axis spanning years.
  function draw(id, points, x, step) {
    const xs = points.map(x), acc = points.map(p => p.accuracy), auc = points.map(p => p.auc);
    charts[id].setData([xs, acc, auc]);
    if (xs.length === 1) charts[id].setScale("x", { min: Math.max(0, xs[0] - 3 * step), max: xs[0] + 3 * step });
    document.getElementById(id).dataset.points = String(points.length);
  }

  function rows(tableId, items, cells) {
    const body = document.querySelector("#" + tableId + " tbody");
    body.replaceChildren(...items.map(item => {
      const tr = document.createElement("tr");
      for (const [text, numeric] of cells(item)) {
        const td = document.createElement("td");
        td.textContent = text;
        if (numeric) td.className = "num";
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  const time = ms => new Date(ms).toISOString().substring(11, 19);

  function render(s) {
    document.getElementById("model-version").textContent = s.modelVersion == null ? "none yet" : String(s.modelVersion);
    document.getElementById("prediction-count").textContent = String(s.predictions);
    document.getElementById("dead-letter-count").textContent = String(s.deadLetters);
    document.getElementById("window-seconds").textContent = String(s.windowSeconds);
    const rate = s.metrics.eventsPerSecond;
    document.getElementById("events-per-second").textContent = rate == null ? "–" : rate.toFixed(0);
    draw("accuracy-chart", s.accuracyByWindow, p => p.key / 1000, s.windowSeconds);
    draw("version-chart", s.accuracyByModelVersion, p => p.key, 1);
    const prequential = document.getElementById("prequential-section");
    const wasHidden = prequential.hidden;
    prequential.hidden = s.prequentialByWindow.length === 0;
    if (wasHidden && !prequential.hidden) {
      // Made while hidden (no width): size it now that it shows.
      const el = document.getElementById("prequential-chart");
      charts["prequential-chart"].setSize({ width: Math.max(400, el.clientWidth), height: 240 });
    }
    if (!prequential.hidden) draw("prequential-chart", s.prequentialByWindow, p => p.key / 1000, s.windowSeconds);
    rows("lag-table", s.metrics.lag, l => [[l.topic], [String(l.partition), true], [String(l.lag), true]]);
    document.getElementById("metrics-status").textContent = s.metrics.url == null ? "no metrics endpoint configured"
      : s.metrics.reachable ? "from " + s.metrics.url : "metrics endpoint " + s.metrics.url + " not reachable: " + s.metrics.error;
    rows("model-table", s.models.slice(-15).reverse(), m => [[String(m.version), true], [String(m.trainedRecords), true], [time(m.createdAtMs)]]);
    rows("dead-letter-table", s.latestDeadLetters, d => [[time(d.timestampMs)], [d.kind], [d.reason],
      [d.sourceTopic == null ? "" : d.sourceTopic + "/" + d.sourcePartition + "@" + d.sourceOffset]]);
    document.getElementById("status").textContent = s.feedError == null ? "" : "topic reader: " + s.feedError;
  }

  async function poll() {
    try {
      const response = await fetch("api/state", { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      render(await response.json());
    } catch (e) {
      document.getElementById("status").textContent = "dashboard server not reachable: " + e.message;
    }
    setTimeout(poll, 1000);
  }

  lineChart("accuracy-chart", "window start (UTC)", true);
  lineChart("version-chart", "model version", false);
  lineChart("prequential-chart", "window start (UTC)", true);
  poll();
})();
