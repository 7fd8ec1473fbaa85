// Drives the hub's operations page (/console/) in the system's headless Chromium and checks that
// every number it shows equals the /ops/v1/flows answer the page rendered. Run by
// io.retailhub.ops.OpsConsoleTest with HUB_URL (the hub under test), EXPECT_FLOW (a flow the
// test has just sent traffic through), REPLAY_FLOW (a flow with an open dead letter and a replay
// entry point) and HUB_TOKEN (an ops:read + ops:replay token, the one the page uses).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const HUB_URL = process.env.HUB_URL;
const EXPECT_FLOW = process.env.EXPECT_FLOW;
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let browser;
let page;
const answers = new Map(); // generatedAt -> the /ops/v1/flows body the page received
const replayRequests = []; // the replay calls the page made: method, URL, authorization

before(async () => {
  assert.ok(HUB_URL, "HUB_URL must name the hub under test");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
  page = await browser.newPage();
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/ops/v1/dead-letters/replay") {
      replayRequests.push({
        method: request.method(),
        url: new URL(request.url()).pathname + new URL(request.url()).search,
        authorization: request.headers()["authorization"],
      });
    }
  });
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname === "/ops/v1/flows" && response.ok()) {
      const body = await response.json();
      answers.set(body.generatedAt, body);
    }
  });
  await page.goto(HUB_URL + "/console/#token=" + encodeURIComponent(process.env.HUB_TOKEN ?? ""));
});

after(async () => {
  // kept for people reading a CI run: what the page looked like after the tests
  await page?.setViewportSize({ width: 1400, height: 1000 }).catch(() => {});
  await page?.screenshot({ path: "../../../target/ops-console.png", fullPage: true }).catch(() => {});
  await browser?.close();
});

async function renderedReading() {
  await page.waitForFunction(() => document.getElementById("generated-at").dateTime !== "");
  const generatedAt = await page.locator("#generated-at").getAttribute("datetime");
  const shown = await page.evaluate(() => ({
    flows: [...document.querySelectorAll("#flows tbody tr")].map((row) => ({
      flow: row.dataset.flow,
      cells: Object.fromEntries(
        [...row.querySelectorAll("td")].map((td) => [td.dataset.field, td.textContent])),
      link: row.querySelector("td[data-field=deadLetters] a").getAttribute("href"),
      // the count is the link's text; the cell may also hold the replay button
      deadLetterCount: row.querySelector("td[data-field=deadLetters] a").textContent,
      replay: row.querySelector("td[data-field=deadLetters] button")?.dataset.replay ?? null,
    })),
    circuits: [...document.querySelectorAll("#circuits tbody tr")].map((row) => ({
      name: row.dataset.name,
      state: row.querySelector("td[data-field=state]").textContent,
    })),
    connectors: [...document.querySelectorAll("#connectors tbody tr")].map((row) => ({
      name: row.dataset.name,
      status: row.querySelector("td[data-field=state]").textContent,
    })),
    budget: document.getElementById("salesforce-budget").textContent,
  }));
  // the page has rendered this answer; the listener may still be reading its body
  await waitFor(() => answers.has(generatedAt));
  // the answer the page had rendered before this one: its throughput is the rate between the two
  const earlier = [...answers.keys()].filter((at) => at < generatedAt).sort().pop();
  return { generatedAt, shown, api: answers.get(generatedAt), previous: answers.get(earlier) };
}

async function waitFor(condition, millis = 15000) {
  const deadline = Date.now() + millis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const text = (value) => (value === null || value === undefined ? "–" : String(value));

test("every flow row shows the API's numbers", async () => {
  const { shown, api } = await renderedReading();
  assert.deepEqual(shown.flows.map((f) => f.flow), api.flows.map((f) => f.flow));
  for (const flow of api.flows) {
    const row = shown.flows.find((f) => f.flow === flow.flow);
    assert.equal(row.cells.in, text(flow.messages.in), flow.flow + " in");
    assert.equal(row.cells.out, text(flow.messages.out), flow.flow + " out");
    assert.equal(row.cells.failed, text(flow.messages.failed), flow.flow + " failed");
    assert.equal(row.cells.dead_lettered, text(flow.messages.dead_lettered), flow.flow + " dlq");
    assert.equal(row.cells.p99Seconds, text(flow.latency.p99Seconds), flow.flow + " p99");
    assert.equal(row.cells.slaSeconds, text(flow.slaSeconds), flow.flow + " sla");
    assert.equal(row.cells.latencyCount, text(flow.latency.count), flow.flow + " count");
    assert.equal(row.deadLetterCount, text(flow.deadLetters), flow.flow + " dead letters");
    assert.equal(row.cells.consumerLag, text(flow.consumerLag), flow.flow + " lag");
    assert.equal(row.link, "/ops/v1/dead-letters?flow=" + flow.flow);
    assert.equal(row.replay, flow.replayLink && flow.deadLetters > 0 ? flow.replayLink : null,
      flow.flow + " replay");
  }
});

test("throughput is the API's messages out per second between two readings", async () => {
  // wait for a reading that has a reading before it (the first one shows no rate)
  await page.waitForFunction(() => document.getElementById("generated-at").dateTime !== "");
  let reading = await renderedReading();
  const deadline = Date.now() + 20000;
  while (!reading.previous && Date.now() < deadline) {
    const at = reading.generatedAt;
    await page.waitForFunction(
      (earlier) => document.getElementById("generated-at").dateTime !== earlier, at,
      { timeout: 15000 });
    reading = await renderedReading();
  }
  const { shown, api, previous } = reading;
  assert.ok(previous, "two readings of the API");
  const seconds = (Date.parse(api.generatedAt) - Date.parse(previous.generatedAt)) / 1000;
  for (const flow of api.flows) {
    const before = previous.flows.find((f) => f.flow === flow.flow);
    const row = shown.flows.find((f) => f.flow === flow.flow);
    const expected = before ? ((flow.messages.out - before.messages.out) / seconds).toFixed(2) : "–";
    assert.equal(row.cells.throughput, expected, flow.flow + " throughput");
  }
});

test("the flow the test exercised shows its latency against its SLA", async () => {
  assert.ok(EXPECT_FLOW, "EXPECT_FLOW must name a flow with traffic");
  const { shown, api } = await renderedReading();
  const flow = api.flows.find((f) => f.flow === EXPECT_FLOW);
  assert.ok(flow, EXPECT_FLOW + " is listed by the API");
  assert.ok(flow.latency.count >= 1, "the API has latency observations for " + EXPECT_FLOW);
  const row = shown.flows.find((f) => f.flow === EXPECT_FLOW);
  assert.notEqual(row.cells.p99Seconds, "–");
  assert.equal(row.cells.p99Seconds, text(flow.latency.p99Seconds));
});

test("connectors and circuit breakers match the API", async () => {
  const { shown, api } = await renderedReading();
  assert.deepEqual(shown.connectors, api.connectors.map((c) => ({ name: c.name, status: c.status })));
  assert.ok(shown.connectors.length > 0, "readiness checks are listed");
  assert.deepEqual(shown.circuits, api.circuitBreakers.map((c) => ({ name: c.name, state: c.state })));
  assert.ok(shown.circuits.length > 0, "the ERP circuit breaker is listed");
  const budget = api.salesforceApiRemainingRatio;
  assert.equal(shown.budget,
    budget === null ? "not measured yet" : (Number(budget) * 100).toFixed(1) + " %");
});

test("the page refreshes itself", async () => {
  const first = await page.locator("#generated-at").getAttribute("datetime");
  await page.waitForFunction(
    (earlier) => document.getElementById("generated-at").dateTime !== earlier, first,
    { timeout: 15000 });
  const { generatedAt, shown, api } = await renderedReading();
  assert.notEqual(generatedAt, first);
  assert.deepEqual(shown.flows.map((f) => f.flow), api.flows.map((f) => f.flow));
});

test("a flow's dead letters are replayed from the page with the page's token", async () => {
  const REPLAY_FLOW = process.env.REPLAY_FLOW;
  assert.ok(REPLAY_FLOW, "REPLAY_FLOW must name a flow with an open dead letter");
  const { shown, api } = await renderedReading();
  const flow = api.flows.find((f) => f.flow === REPLAY_FLOW);
  assert.ok(flow && flow.deadLetters > 0, REPLAY_FLOW + " has open dead letters in the API");
  const expected = "/ops/v1/dead-letters/replay?flow=" + REPLAY_FLOW;
  assert.equal(shown.flows.find((f) => f.flow === REPLAY_FLOW).replay, expected);
  const answer = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/ops/v1/dead-letters/replay");
  await page.locator(`#flows tr[data-flow="${REPLAY_FLOW}"] button[data-replay]`).click();
  const response = await answer;
  assert.equal(response.status(), 202);
  const body = await response.json();
  assert.ok(body.selected >= 1, "the replay selected the open dead letters");
  assert.deepEqual(replayRequests.at(-1), {
    method: "POST",
    url: expected,
    authorization: "Bearer " + process.env.HUB_TOKEN,
  });
  await page.waitForFunction(
    (name) => document.getElementById("replay-result").dataset.replayed === name, REPLAY_FLOW);
  assert.match(await page.locator("#replay-result").textContent(),
    new RegExp("replay of " + REPLAY_FLOW + ": " + body.selected + " selected"));
});
