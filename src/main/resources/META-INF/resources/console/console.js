// The operations page: reads only the hub's own /ops/v1/flows and renders it. Each cell carries
// data-field so a test (src/test/js/ops-console.test.mjs) can compare it with the API's answer.
"use strict";

const REFRESH_MILLIS = 5000;
let previous = null; // the last reading, to turn "messages out" totals into a rate

function cell(row, field, text, className) {
  const td = document.createElement("td");
  td.dataset.field = field;
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function shown(value) {
  return value === null || value === undefined ? "–" : String(value);
}

function throughput(flow, generatedAt) {
  if (!previous) return null;
  const before = previous.flows.find((f) => f.flow === flow.flow);
  const seconds = (Date.parse(generatedAt) - Date.parse(previous.generatedAt)) / 1000;
  if (!before || seconds <= 0) return null;
  return ((flow.messages.out - before.messages.out) / seconds).toFixed(2);
}

function renderFlows(summary) {
  const body = document.querySelector("#flows tbody");
  body.replaceChildren();
  for (const flow of summary.flows) {
    const row = document.createElement("tr");
    row.dataset.flow = flow.flow;
    const p99 = flow.latency.p99Seconds;
    if (p99 !== null && flow.slaSeconds !== null && Number(p99) > Number(flow.slaSeconds)) {
      row.className = "breach";
    }
    cell(row, "flow", flow.flow);
    cell(row, "in", shown(flow.messages.in));
    cell(row, "out", shown(flow.messages.out));
    cell(row, "failed", shown(flow.messages.failed), flow.messages.failed > 0 ? "bad" : "");
    cell(row, "dead_lettered", shown(flow.messages.dead_lettered));
    cell(row, "throughput", shown(throughput(flow, summary.generatedAt)));
    cell(row, "p99Seconds", shown(p99));
    cell(row, "slaSeconds", shown(flow.slaSeconds));
    cell(row, "latencyCount", shown(flow.latency.count));
    const deadLetters = cell(row, "deadLetters", "");
    const link = document.createElement("a");
    link.href = flow.deadLettersLink;
    link.textContent = shown(flow.deadLetters);
    if (flow.deadLetters > 0) link.className = "bad";
    deadLetters.appendChild(link);
    if (flow.replayLink && flow.deadLetters > 0) {
      // replays every open dead letter of the flow (POST, needs the ops:replay role); the answer's
      // outcome counts are shown in the status line
      const replay = document.createElement("button");
      replay.type = "button";
      replay.dataset.replay = flow.replayLink;
      replay.textContent = "replay";
      replay.addEventListener("click", () => replayFlow(flow.flow, flow.replayLink));
      deadLetters.appendChild(document.createTextNode(" "));
      deadLetters.appendChild(replay);
    }
    cell(row, "consumerLag", shown(flow.consumerLag));
    body.appendChild(row);
  }
}

async function replayFlow(name, url) {
  const status = document.getElementById("replay-result");
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { Accept: "application/json", Authorization: "Bearer " + operatorToken() },
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error("HTTP " + response.status + " " + (answer.title ?? ""));
    status.textContent =
      "replay of " + name + ": " + answer.selected + " selected, " + JSON.stringify(answer.outcomes);
    status.className = "";
    status.dataset.replayed = name;
  } catch (error) {
    status.textContent = "replay of " + name + " failed: " + error.message;
    status.className = "bad";
  }
}

function renderPairs(selector, items, key, value) {
  const body = document.querySelector(selector + " tbody");
  body.replaceChildren();
  for (const item of items) {
    const row = document.createElement("tr");
    row.dataset.name = item[key];
    cell(row, "name", item[key]);
    const good = item[value] === "UP" || item[value] === "closed";
    cell(row, "state", item[value], good ? "ok" : "bad");
    body.appendChild(row);
  }
}

function render(summary) {
  renderFlows(summary);
  renderPairs("#circuits", summary.circuitBreakers, "name", "state");
  renderPairs("#connectors", summary.connectors, "name", "status");
  const ratio = summary.salesforceApiRemainingRatio;
  document.getElementById("salesforce-budget").textContent =
    ratio === null ? "not measured yet" : (Number(ratio) * 100).toFixed(1) + " %";
  const generated = document.getElementById("generated-at");
  generated.textContent = summary.generatedAt;
  generated.dateTime = summary.generatedAt;
  previous = summary;
}

// The operator's ops:read token arrives in the URL fragment (#token=...), which browsers never
// send to a server, and is kept for this tab only.
function operatorToken() {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromFragment) {
    sessionStorage.setItem("hub-ops-token", fromFragment);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("hub-ops-token") ?? "";
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/ops/v1/flows", {
      headers: { Accept: "application/json", Authorization: "Bearer " + operatorToken() },
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
    status.textContent = "";
    status.className = "";
  } catch (error) {
    status.textContent = "refresh failed: " + error.message;
    status.className = "bad";
  } finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

refresh();
