// Takes the README's pictures of the dashboard from a running gateway, in light and dark mode, with the detail panel
// of an operation showing its timeline:
// node screenshot.mjs <gateway url> <light.png> <dark.png> [api key] [settle ms]
// e.g. node screenshot.mjs http://127.0.0.1:8080 ../docs/dashboard-light.png ../docs/dashboard-dark.png
import {launch} from './browser.mjs';

const [url = 'http://127.0.0.1:8080', light = '../docs/dashboard-light.png', dark = '../docs/dashboard-dark.png', key,
  settle = '20000'] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({viewport: {width: 1480, height: 900}, deviceScaleFactor: 1});
  await page.goto(url.includes('?') || url.endsWith('/') ? url : `${url}/`);
  if (key) {
    await page.waitForSelector('#key-form:not([hidden])');
    await page.fill('#key-input', key);
    await page.click('#key-form button[type="submit"]');
  }
  await page.waitForSelector('#connection[data-state="live"]');
  await page.waitForTimeout(Number(settle));
  // The detail of an operation with a history worth showing: a failed one, else one that is done, else any.
  for (const selector of ['#rows .row[data-state="FAILED"]', '#rows .row[data-state="SUCCEEDED"]', '#rows .row']) {
    const candidate = page.locator(selector).first();
    if (await candidate.count()) {
      await candidate.locator('.c-handle').click();
      break;
    }
  }
  await page.waitForSelector('#timeline li', {timeout: 10_000});
  await page.waitForTimeout(1500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.emulateMedia({colorScheme: 'light'});
  await page.screenshot({path: light});
  await page.emulateMedia({colorScheme: 'dark'});
  await page.waitForTimeout(300);
  await page.screenshot({path: dark});
  console.log(`wrote ${light} and ${dark}`);
} finally {
  await browser.close();
}
