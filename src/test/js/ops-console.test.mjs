// Drives the hub's operations page (/console/) in the system's headless Chromium and checks that
// every number it shows equals the /ops/v1/flows answer the page rendered. Run by
// io.retailhub.ops.OpsConsoleTest with HUB_URL (the hub under test) and EXPECT_FLOW (a flow the
// test has just sent traffic through).
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

before(async () => {
  assert.ok(HUB_URL, "HUB_URL must name the hub under test");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
  page = await browser.newPage();
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname === "/ops/v1/flows" && response.ok()) {
      const body = await response.json();
      answers.set(body.generatedAt, body);
    }
  });
  await page.goto(HUB_URL + "/console/#token=" + encodeURIComponent(process.env.HUB_TOKEN ?? ""));
});

after(async () => {
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
    })),
    circuits: [...document.querySelectorAll("#circuits tbody tr")].map((r) => r.textContent),
    connectors: [...document.querySelectorAll("#connectors tbody tr")].map((row) => ({
      name: row.dataset.name,
      status: row.querySelector("td[data-field=state]").textContent,
    })),
    budget: document.getElementById("salesforce-budget").textContent,
  }));
  // the page has rendered this answer; the listener may still be reading its body
  await waitFor(() => answers.has(generatedAt));
  return { generatedAt, shown, api: answers.get(generatedAt) };
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
    assert.equal(row.cells.deadLetters, text(flow.deadLetters), flow.flow + " dead letters");
    assert.equal(row.cells.consumerLag, text(flow.consumerLag), flow.flow + " lag");
    assert.equal(row.link, "/ops/v1/dead-letters?flow=" + flow.flow);
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
  assert.equal(shown.circuits.length, api.circuitBreakers.length);
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
