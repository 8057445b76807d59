// The e-services catalogue in a real browser at 390 px, in Arabic and English: search the
// catalogue, open a service, answer "was this page useful?", then "report a problem with this
// service", which opens the submission form linked to the service and files a case.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newPage, startServer, submitForm, visit } from './lib.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const lang of ['ar', 'en']) {
  describe(`e-services (${lang})`, () => {
    test('search, open a service, vote, report a problem', async () => {
      const page = await newPage(browser, server, lang, { width: 390 });
      await visit(page, '/services');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await page.fill('#svc-q', lang === 'ar' ? 'الكهرباء' : 'electricity');
      await submitForm(page, '#svc-search');
      const link = page.locator('#svc-result-list a[href="/services/SRV-0033"]');
      assert.equal(await link.count(), 1);
      // Nothing is wider than the phone's screen.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide`);

      await submitForm(page, link);
      assert.equal(new URL(page.url()).pathname, '/services/SRV-0033');
      assert.match(await page.textContent('#svc-name'),
        lang === 'ar' ? /فاتورة الكهرباء/ : /electricity and water bill/);
      await submitForm(page, '#svc-useful-yes');
      assert.ok(await page.locator('#svc-voted').isVisible());

      await submitForm(page, '#svc-report');
      assert.equal(new URL(page.url()).pathname, '/submit');
      assert.ok(await page.locator('#service-linked').isVisible());
      await page.fill('#subject', lang === 'ar' ? 'الدفع لم يكتمل' : 'Payment did not go through');
      await page.fill('#description', lang === 'ar'
        ? 'خُصم المبلغ من البطاقة ولا تزال الفاتورة غير مدفوعة.'
        : 'The card was charged but the bill still shows as unpaid.');
      await page.fill('#email', 'citizen@example.com');
      const response = await submitForm(page, 'form[action="/submit"] button[name="step"][value="send"]');
      assert.equal(response.status(), 200);
      assert.ok((await page.textContent('#reference')).trim().length > 0);
      await page.context().close();
    });
  });
}
