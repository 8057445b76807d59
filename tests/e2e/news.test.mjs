// News with threaded comments in a real browser at 390 px, in Arabic and English, without
// JavaScript of our own: read the demo's newest item and its reply chain, comment (a missing
// name first: the error summary names the field), reply to the new comment, and report a
// comment.

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
  describe(`news (${lang})`, () => {
    test('read an item, comment, reply, report', async () => {
      const page = await newPage(browser, server, lang, { width: 390 });
      await visit(page, '/news');
      const first = page.locator('#news-list li a').first();
      assert.match(await first.textContent(), lang === 'ar' ? /رمضان/ : /Ramadan/);
      await submitForm(page, first);
      assert.match(new URL(page.url()).pathname, /^\/news\/\d+$/);
      // The demo's reply chain: three levels.
      assert.ok((await page.locator('#comment-list li[data-depth="3"]').count()) >= 1);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide`);

      // A comment without a name: the error summary names the field, nothing is lost.
      const text = lang === 'ar' ? 'شكرًا على هذا الخبر' : 'Thanks for the news';
      await page.fill('#comment-text', text);
      let response = await submitForm(page, '#comment-send');
      assert.equal(response.status(), 422);
      assert.ok(await page.locator('.error-summary a[href="#comment-name"]').isVisible());
      assert.equal(await page.inputValue('#comment-text'), text);
      await page.fill('#comment-name', lang === 'ar' ? 'ليلى' : 'Layla');
      response = await submitForm(page, '#comment-send');
      assert.equal(response.status(), 200);
      assert.ok(await page.locator('#comment-result').isVisible());
      const mine = page.locator('#comment-list li', { hasText: text });
      assert.equal(await mine.count(), 1);

      // Reply to it: the form says whom it answers; the reply sits one level below.
      await submitForm(page, mine.locator('a.comment-reply'));
      assert.match(await page.textContent('#comment-form h3'), lang === 'ar' ? /ليلى/ : /Layla/);
      const reply = lang === 'ar' ? 'وأنا أيضًا' : 'Me too';
      await page.fill('#comment-name', 'Omar');
      await page.fill('#comment-text', reply);
      await submitForm(page, '#comment-send');
      const replyItem = page.locator('#comment-list li[data-depth="2"]', { hasText: reply });
      assert.equal(await replyItem.count(), 1);

      // Report the reply: thanked, still shown (one report is below the threshold).
      await replyItem.locator('details.comment-report summary').click();
      await submitForm(page, replyItem.locator('form.report-form button'));
      assert.ok(await page.locator('#comment-result').isVisible());
      assert.equal(await page.locator('#comment-list li', { hasText: reply }).count(), 1);
      assert.deepEqual(page.dialogs, []);
      await page.context().close();
    });
  });
}
