// The API explorer (springdoc's Swagger UI at /swagger-ui.html) in Chromium, against the packaged gateway in api-key
// mode, under the gateway's own Content-Security-Policy (never bypassed here).
// node explorer.test.mjs <gateway url> <api key> <number of operations in the contract> [failure screenshot path]
// Asserts: without a key the explorer is refused (401); with the key (sent as a browser behind a proxy that adds it
// would) /swagger-ui.html leads to the explorer, every file it loads answers 2xx/3xx, it shows the contract document
// (its title and every one of its operations), nothing is refused by the Content-Security-Policy, the page raises no
// error, and the document shown was read from /v3/api-docs (the contract), never from a generated or remote one.
import {launch} from './browser.mjs';
import {check, eventually, finish, step} from './harness.mjs';

const [base, KEY, OPERATIONS, failureShot] = process.argv.slice(2);
const operations = Number(OPERATIONS);

const browser = await launch();
const pageErrors = [];
const refusedByPolicy = [];
const failed = [];
const loaded = [];

function watch(page) {
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refusedByPolicy.push(m.text());
  });
  page.on('response', (r) => {
    loaded.push(`${r.status()} ${r.url()}`);
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));
}

await finish(async () => {
  let page;
  try {
    step('without a key: refused');
    const anonymous = await browser.newContext();
    const refused = await (await anonymous.newPage()).goto(`${base}/swagger-ui.html`);
    check(refused.status() === 401, `the explorer without a key answers 401, not ${refused.status()}`);
    await anonymous.close();

    step('with the key: /swagger-ui.html leads to the explorer');
    const context = await browser.newContext({
      viewport: {width: 1280, height: 900},
      extraHTTPHeaders: {Authorization: `Bearer ${KEY}`},
    });
    page = await context.newPage();
    watch(page);
    const answer = await page.goto(`${base}/swagger-ui.html`);
    check(answer.ok(), `the explorer answered ${answer.status()}`);
    check(new URL(page.url()).pathname === '/swagger-ui/index.html', `redirected to the explorer page: ${page.url()}`);
    const policy = answer.headers()['content-security-policy'] || '';
    check(/script-src 'self'(;|$)/.test(policy), `no inline script allowed on the explorer: ${policy}`);

    step('it shows the contract: title and every operation');
    await page.waitForSelector('.swagger-ui .info .title', {timeout: 60_000});
    const title = (await page.textContent('.swagger-ui .info .title')).trim();
    check(title.startsWith('opgate'), `the explorer shows the contract's title, not '${title}'`);
    const shown = await eventually(async () => {
      const n = await page.locator('.opblock').count();
      return n >= operations ? n : 0;
    }, `${operations} operations shown`, 30_000, 250);
    step(`  '${title}', ${shown} operations`);
    check(shown === operations, `exactly the contract's ${operations} operations, not ${shown}`);
    const documents = loaded.filter((l) => /\/v3\/api-docs(\?|$)/.test(l));
    check(documents.length > 0 && documents.every((l) => l.startsWith('200 ')),
      `the document came from /v3/api-docs: ${documents}`);
    check(!loaded.some((l) => /petstore|swagger\.io/i.test(l)), `nothing loaded from elsewhere: ${loaded}`);

    step('an operation opens (the explorer works, not only draws)');
    await page.locator('.opblock-summary').first().click();
    await page.waitForSelector('.opblock.is-open .opblock-body', {timeout: 10_000});

    step(`files loaded: ${loaded.length}`);
    check(failed.length === 0, `every file and call of the explorer succeeded: ${failed}`);
    check(refusedByPolicy.length === 0, `nothing refused by the Content-Security-Policy: ${refusedByPolicy}`);
    check(pageErrors.length === 0, `no errors in the page: ${pageErrors}`);
  } catch (e) {
    if (failureShot && page) await page.screenshot({path: failureShot}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
