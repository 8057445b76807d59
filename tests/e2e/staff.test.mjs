// Staff journeys in a real browser, in Arabic and English: sign in on /login with a demo agent,
// land on the inbox (/staff/), sign out with the button in the staff bar and lose access.
// Screenshots of the sign-in page and the inbox are taken along the way.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accounts, launchBrowser, newPage, screenshot, signIn, signOut, staffMasks, startServer, submitCase,
  visit,
} from './lib.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // One case for the Ministry of Works so that the agent's inbox is not empty.
  const page = await newPage(browser, server, 'ar');
  const { reference } = await submitCase(page, {
    subject: 'إنارة الشارع لا تعمل', category: 'roads.street_lighting',
    description: 'أعمدة الإنارة في الشارع ١٢ مطفأة منذ أسبوع.', phone: '+973 3600 1234',
  });
  assert.ok(reference, 'the seed case was accepted');
  await page.context().close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const lang of ['ar', 'en']) {
  describe(`staff (${lang})`, () => {
    test('an agent signs in, lands on the inbox and signs out', async () => {
      const page = await newPage(browser, server, lang);
      await visit(page, '/login');
      await screenshot(page, 'login');

      const response = await signIn(page, accounts.agent);
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/staff/');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.locator('form[action="/logout"]').count(), 1);
      await screenshot(page, 'staff-inbox', { mask: staffMasks });

      const out = await signOut(page);
      assert.equal(out.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(await page.locator('form[action="/logout"]').count(), 0);
      // Signed out: the inbox sends us back to the sign-in page.
      await visit(page, '/staff/');
      assert.equal(new URL(page.url()).pathname, '/login');
      await page.context().close();
    });

    test('a wrong password is refused and stays on the sign-in page', async () => {
      const page = await newPage(browser, server, lang);
      const response = await signIn(page, { email: accounts.agent.email, password: 'not-the-password' });
      assert.notEqual(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(await page.locator('form[action="/logout"]').count(), 0);
      assert.ok(await page.locator('.error-summary').isVisible());
      await page.context().close();
    });
  });
}
