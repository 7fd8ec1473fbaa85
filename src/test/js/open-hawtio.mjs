// Opens the hub's Hawtio route console in the system's Chromium with a bearer token sent on every
// request (a browser does not add an Authorization header by itself; docs/operations.md "Route
// console (Hawtio)"). Usage, from src/test/js after `npm ci`:
//   HUB_TOKEN=<an ops:admin access token> node open-hawtio.mjs [http://127.0.0.1:8080]
// The window stays open until you close it. CHROMIUM overrides /usr/bin/chromium.
import { chromium } from "playwright-core";

const hub = process.argv[2] ?? process.env.HUB_URL ?? "http://127.0.0.1:8080";
const token = process.env.HUB_TOKEN;
if (!token) {
  console.error("set HUB_TOKEN to an access token with the ops:admin role");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: false,
});
const context = await browser.newContext({ viewport: null });
// only requests to the hub carry the token
await context.route(hub + "/**", (route) =>
  route.continue({ headers: { ...route.request().headers(), authorization: "Bearer " + token } }));
const page = await context.newPage();
await page.goto(hub + "/hawtio/camel/routes");
await new Promise((resolve) => browser.on("disconnected", resolve));
