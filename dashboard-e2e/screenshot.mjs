// Takes docs/dashboard.png from a running gateway: node screenshot.mjs http://127.0.0.1:18090/ ../docs/dashboard.png
import {launch} from './browser.mjs';

const [url = 'http://127.0.0.1:8080/', out = '../docs/dashboard.png', settle = '20000'] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({viewport: {width: 1480, height: 860}, deviceScaleFactor: 1});
  await page.goto(url);
  await page.waitForSelector('#connection[data-state="live"]');
  await page.waitForTimeout(Number(settle));
  // Open the detail of an operation that shows an ETA, else of any running one.
  const withEta = page.locator('#rows .row[data-state="RUNNING"]', {hasText: 'ETA'}).first();
  const running = (await withEta.count()) ? withEta : page.locator('#rows .row[data-state="RUNNING"]').first();
  if (await running.count()) await running.locator('.handle').click();
  await page.waitForTimeout(1500);
  await page.screenshot({path: out});
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
