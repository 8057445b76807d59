// Citizen journeys in a real browser, in Arabic (the default) and English: the home page, sending
// a case on /submit and keeping its reference and access code, following it on /track, a
// <script> in the subject shown as text, and a form posted without its CSRF token refused.
// Screenshots of the public pages are taken along the way (lib.mjs screenshot()).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  fontsLoaded, launchBrowser, newPage, screenshot, startServer, submitCase, submitForm, trackCase,
  visit,
} from './lib.mjs';

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

const cases = {
  ar: {
    subject: 'حفرة عميقة في شارع ١٢',
    description: 'حفرة عميقة منذ أسبوعين قرب الدوار، وقد تسببت في أضرار لسيارتين.',
    name: 'مريم أحمد',
    received: 'مستلمة',
    dir: 'rtl',
    sent: 'تم استلام ملاحظتك',
    font: 'NotoSansArabic',
  },
  en: {
    subject: 'Deep pothole on Road 12',
    description: 'A deep pothole near the roundabout for two weeks; it has damaged two cars.',
    name: 'Maryam Ahmed',
    received: 'Received',
    dir: 'ltr',
    sent: 'Your case has been received',
    font: 'NotoSans',
  },
};

for (const lang of ['ar', 'en']) {
  const c = cases[lang];
  describe(`citizen (${lang})`, () => {
    test('the home page is in the chosen language and direction', async () => {
      const page = await newPage(browser, server, lang);
      const fonts = [];
      page.on('response', (r) => { if (r.url().endsWith('.woff2')) fonts.push(r); });
      const response = await visit(page, '/');
      assert.equal(response.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.getAttribute('html', 'dir'), c.dir);
      // The embedded fonts (web/static/fonts.css) load from this server, not a CDN, and are used.
      await fontsLoaded(page);
      const names = fonts.map((r) => new URL(r.url()).pathname).sort();
      assert.ok(names.includes(`/static/${c.font}-Regular.woff2`), `fonts loaded: ${names}`);
      for (const r of fonts) {
        assert.equal(new URL(r.url()).origin, server.url);
        assert.equal(r.status(), 200);
        assert.equal(r.headers()['content-type'], 'font/woff2');
        assert.match(r.headers()['cache-control'], /max-age=31536000/);
      }
      assert.ok(await page.evaluate(
        (text) => document.fonts.check('16px "Tawasul Sans"', text), c.subject));
      await screenshot(page, 'home');
      await visit(page, '/submit');
      await screenshot(page, 'submit');
      await page.context().close();
    });

    test('a citizen sends a case, keeps the reference and access code, and tracks it', async () => {
      const page = await newPage(browser, server, lang);
      const { response, reference, accessCode } = await submitCase(page, {
        subject: c.subject, description: c.description, name: c.name, phone: '+973 3600 1234',
      });
      assert.equal(response.status(), 200);
      assert.match(await page.textContent('h1'), new RegExp(c.sent));
      assert.match(reference, /^\d{2}-\d{7}-\d$/);
      assert.match(accessCode, /^[A-Z0-9-]{6,}$/);
      await screenshot(page, 'confirmation');

      // Follow it from the confirmation page's own link, as a citizen would.
      const tracked = await trackCase(page, { reference, accessCode });
      assert.equal(tracked.status(), 200);
      assert.equal((await page.textContent('main h1')).trim(), c.subject);
      const status = page.locator('.status');
      assert.match(await status.getAttribute('class'), /status-received/);
      assert.match(await status.textContent(), new RegExp(c.received));
      assert.match(await page.textContent('.description'), new RegExp(c.description.slice(0, 20)));
      await screenshot(page, 'tracking');

      // A wrong access code shows the form again, never the case.
      const wrong = await trackCase(page, { reference, accessCode: 'WRONG-CODE' });
      assert.notEqual(wrong.status(), 200);
      assert.equal(await page.locator('.description').count(), 0);
      await page.context().close();
    });

    test('a <script> in the subject is shown as text and never runs', async () => {
      const page = await newPage(browser, server, lang);
      const subject = `<script>alert("xss-${lang}")</script> <img src=x onerror=alert(1)>`;
      const { reference, accessCode } = await submitCase(page, {
        subject, description: c.description, email: 'citizen@example.org',
      });
      assert.ok(reference, 'the case was accepted');
      const tracked = await trackCase(page, { reference, accessCode });
      assert.equal(tracked.status(), 200);
      assert.equal((await page.textContent('main h1')).trim(), subject);
      assert.ok(await page.getByText(`alert("xss-${lang}")`).first().isVisible());
      assert.equal(await page.locator('main h1 script, main h1 img').count(), 0);
      assert.deepEqual(page.dialogs, []);
      await page.context().close();
    });

    test('a form posted without its CSRF token is refused with 403', async () => {
      const page = await newPage(browser, server, lang);
      await visit(page, '/submit');
      await page.selectOption('#category', 'roads.potholes');
      await page.fill('#subject', c.subject);
      await page.fill('#description', c.description);
      await page.fill('#phone', '+973 3600 1234');
      await page.evaluate(() => document.querySelector('form[action="/submit"] input[name="csrf"]').remove());
      const response = await submitForm(page, 'form[action="/submit"] button[name="step"][value="send"]');
      assert.equal(response.status(), 403);
      assert.equal(await page.locator('#reference').count(), 0);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await page.context().close();
    });
  });
}
