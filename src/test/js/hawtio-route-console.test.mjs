// Drives the hub's Hawtio route console (/hawtio) in the system's headless Chromium: the Camel
// routes view lists EXPECT_ROUTE as Started, with the exchange count Jolokia reports for it, and
// no Jolokia request the console made on the way was refused by the hub's read-only policy. Run by
// io.retailhub.ops.HawtioRouteConsoleTest with HUB_URL, HUB_TOKEN (ops:admin) and EXPECT_ROUTE.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const HUB_URL = process.env.HUB_URL;
const EXPECT_ROUTE = process.env.EXPECT_ROUTE;
const AUTHORIZATION = "Bearer " + process.env.HUB_TOKEN;
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let browser;
let page;
const refused = []; // Jolokia answers with an error status, as the console received them

before(async () => {
  assert.ok(HUB_URL && EXPECT_ROUTE && process.env.HUB_TOKEN, "HUB_URL, HUB_TOKEN, EXPECT_ROUTE");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
  // the operator's token on every request to the hub, as open-hawtio.mjs sends it
  const context = await browser.newContext({
    extraHTTPHeaders: { Authorization: AUTHORIZATION },
    viewport: { width: 1600, height: 1000 },
  });
  page = await context.newPage();
  page.on("response", async (response) => {
    if (!new URL(response.url()).pathname.startsWith("/hawtio/jolokia")) return;
    if (!response.ok()) {
      const sent = response.request().postData() ?? "";
      refused.push({ status: response.status(), bytes: sent.length, sent: sent.slice(0, 300) });
      return;
    }
    const body = await response.json().catch(() => null);
    for (const answer of [body].flat()) {
      if (answer && answer.status !== 200) {
        refused.push({ status: answer.status, request: answer.request, error: answer.error });
      }
    }
  });
  await page.goto(HUB_URL + "/hawtio/camel");
});

after(async () => {
  // what the console showed at the end, for a failing run (the path is relative to src/test/js)
  await page?.screenshot({ path: "../../../target/hawtio-route-console.png" }).catch(() => {});
  await browser?.close();
});

async function jolokiaExchangesTotal() {
  const response = await fetch(HUB_URL + "/hawtio/jolokia", {
    method: "POST",
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    body: JSON.stringify({
      type: "read",
      mbean: `org.apache.camel:context=retail-hub,type=routes,name="${EXPECT_ROUTE}"`,
      attribute: "ExchangesTotal",
    }),
  });
  const answer = await response.json();
  assert.equal(answer.status, 200, JSON.stringify(answer));
  return String(answer.value);
}

test("the Camel tree shows the context and the flows", async () => {
  // the console first lists every MBean of the JVM; in the test JVM that includes the in-process
  // Kafka and Artemis brokers' thousands, which takes a while on a loaded two-core machine
  await page.getByText("retail-hub", { exact: true }).first().waitFor({ timeout: 150000 });
  await page.getByText("routes", { exact: true }).first().waitFor();
  await page.getByText("proof-of-life", { exact: true }).first().waitFor();
});

test("the routes view lists the route, Started, with Jolokia's exchange count", async () => {
  await page.getByText("routes", { exact: true }).first().click();
  await page.waitForURL(/\/hawtio\/camel\/routes/);
  const headers = page.locator("table thead th");
  await headers.first().waitFor({ timeout: 30000 });
  const columns = (await headers.allTextContents()).map((text) => text.trim());
  const nameColumn = columns.indexOf("Name");
  const stateColumn = columns.indexOf("State");
  const totalColumn = columns.indexOf("Total");
  assert.ok(nameColumn >= 0 && stateColumn >= 0 && totalColumn >= 0, columns.join("|"));

  const row = page.locator("table tbody tr").filter({
    has: page.locator(`td:nth-child(${nameColumn + 1})`, { hasText: EXPECT_ROUTE }),
  });
  await row.first().waitFor({ timeout: 30000 });
  const cell = async (column) =>
    (await row.first().locator("td").nth(column).textContent()).trim();
  assert.equal(await cell(nameColumn), EXPECT_ROUTE);
  assert.equal(await cell(stateColumn), "Started");
  // the console refreshes every 5 s: wait until what it shows is what Jolokia says now
  const deadline = Date.now() + 30000;
  let shown;
  let expected;
  do {
    expected = await jolokiaExchangesTotal();
    shown = await cell(totalColumn);
    if (shown === expected) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < deadline);
  assert.equal(shown, expected, "Total column vs Jolokia ExchangesTotal");
  assert.ok(Number(shown) >= 1, "the test sent traffic through " + EXPECT_ROUTE);
});

test("no Jolokia request of the console was refused by the read-only policy", () => {
  assert.deepEqual(refused, []);
});
