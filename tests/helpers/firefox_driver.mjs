// Drives Firefox over WebDriver BiDi with puppeteer-core (no geckodriver, no browser download)
// for tests/helpers/browsers.py, which talks to it in JSON lines on stdin/stdout:
//   in:  {"id": 1, "op": "goto" | "reload" | "run" | "click" | "errors" | "close", "args": [...]}
//   out: {"id": 1, "value": ...} or {"id": 1, "error": "..."}
// Console errors and uncaught page errors are collected until "errors" takes them.
// Usage: node firefox_driver.mjs /path/to/firefox
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath] = process.argv.slice(2);
if (!executablePath) {
  console.error("usage: node firefox_driver.mjs <firefox executable>");
  process.exit(2);
}

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // the rest of the environment (MOZ_LOG for the CSP parser's warnings) passes through
  env: process.env,
});
const page = await browser.newPage();
const errors = [];
page.on("console", (message) => {
  if (message.type() === "error") errors.push(`console error: ${message.text()}`);
});
// NS_BINDING_ABORTED: a load cut off because the test navigated on, not an error of the page
// (Firefox reports it as "NS_BINDING_ABORTED" or, with an empty detail, "NS_BINDING_ABORTED:")
page.on("pageerror", (error) => {
  if (!/^NS_BINDING_ABORTED:?$/.test(error.message.trim())) errors.push(`page error: ${error.message}`);
});

const ops = {
  goto: (url) => page.goto(url, { waitUntil: "load" }).then(() => null),
  reload: () => page.reload({ waitUntil: "load" }).then(() => null),
  // evaluated by the browser's automation, not by the page: the page's CSP does not apply
  run: (source, args) => page.evaluate(`(${source})(...${JSON.stringify(args)})`),
  click: (selector) => page.click(selector).then(() => null),
  errors: () => errors.splice(0),
  close: async () => {
    await browser.close();
    return null;
  },
};

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
for await (const line of createInterface({ input: process.stdin })) {
  const { id, op, args = [] } = JSON.parse(line);
  try {
    if (!(op in ops)) throw new Error(`unknown op ${op}; known: ${Object.keys(ops).join(", ")}`);
    send({ id, value: (await ops[op](...args)) ?? null });
  } catch (error) {
    send({ id, error: String((error && error.stack) || error) });
  }
  if (op === "close") break;
}
process.exit(0);
