// The survey after each case, in a real browser, in Arabic and English: a citizen's case is
// answered and the citizen's rating closes it; the tracking page offers the survey; sending it
// without the required answers shows the error summary naming the question; answered, the thank-you
// page shows, and the tracking page no longer offers it. Screenshot of the survey page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accounts, citizenRate, launchBrowser, newPage, openStaffCase, screenshot, signIn, staffCompose,
  startServer, submitCase, submitForm, trackCase,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const lang of ['ar', 'en']) {
  describe(`surveys (${lang})`, () => {
    let server;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server?.stop();
    });

    test('a closed case offers the survey once; a missing answer is named', async () => {
      const citizen = await newPage(browser, server, lang);
      const { reference, accessCode } = await submitCase(citizen, {
        type: 'complaint', category: 'roads.street_lighting',
        subject: lang === 'ar' ? 'إنارة الشارع معطلة' : 'The street light is out',
        description: lang === 'ar' ? 'إنارة الشارع أمام المنزل معطلة منذ أسبوع.'
          : 'The street light in front of the house has been out for a week.',
        name: 'Nadia Survey', email: `survey.${lang}@example.com`,
      });
      assert.ok(reference);
      const agent = await newPage(browser, server, lang);
      await signIn(agent, accounts.agent);
      assert.equal((await openStaffCase(agent, reference)).status(), 200);
      await staffCompose(agent, 'answer', lang === 'ar' ? 'أُصلحت الإنارة.' : 'The light was fixed.');

      assert.equal((await trackCase(citizen, { reference, accessCode })).status(), 200);
      await citizenRate(citizen, 4);
      assert.ok(await citizen.locator('#survey-offer').isVisible());
      assert.equal((await submitForm(citizen, '#survey-start')).status(), 200);
      assert.ok(new URL(citizen.url()).pathname.startsWith('/surveys/'));

      const refused = await submitForm(citizen, '#survey-send');
      assert.equal(refused.status(), 422);
      assert.ok(await citizen.locator('#survey-errors a[href="#q-satisfaction"]').isVisible());

      await citizen.check('input[name="satisfaction"][value="5"]');
      await citizen.check('input[name="on_time"][value="yes"]');
      await citizen.check('input[name="nps"][value="9"]');
      await screenshot(citizen, 'survey');
      assert.equal((await submitForm(citizen, '#survey-send')).status(), 200);
      assert.ok(await citizen.locator('#survey-thanks').isVisible());

      assert.equal((await trackCase(citizen, { reference, accessCode })).status(), 200);
      assert.equal(await citizen.locator('#survey-offer').count(), 0);
      for (const p of [citizen, agent]) await p.context().close();
    });
  });
}
