// Lighthouse on several pages in one Node process and one Chrome (test_lighthouse.py):
// `node lighthouse_pages.mjs <category,...> <url>...` prints {url: {category: score}} as
// JSON. One Chrome serves every page, as Lighthouse's documentation shows for several
// URLs (each run resets the origin's storage and cache); CHROME_PATH names the browser.
// Audits that weigh nothing in the chosen categories cannot move a score and are skipped.
import * as ChromeLauncher from 'chrome-launcher';
import lighthouse, {defaultConfig} from 'lighthouse';

const [categoryList, ...urls] = process.argv.slice(2);
const categories = categoryList.split(',');
const weighted = new Set();
const weightless = new Set();
for (const name of categories) {
  for (const ref of defaultConfig.categories[name].auditRefs) {
    (ref.weight > 0 ? weighted : weightless).add(ref.id);
  }
}
const skipAudits = [...weightless].filter((id) => !weighted.has(id));

const chrome = await ChromeLauncher.launch({
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  const scores = {};
  for (const url of urls) {
    const {lhr} = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
      skipAudits,
      disableFullPageScreenshot: true,
    });
    if (lhr.runtimeError) {
      throw new Error(`${url}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    }
    scores[url] = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
  }
  process.stdout.write(JSON.stringify(scores));
} finally {
  await chrome.kill();
}
