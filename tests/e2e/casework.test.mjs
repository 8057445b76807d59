// Case work in a real browser, in Arabic and English: a supervisor of the Ministry of Works
// transfers a citizen's case to the Ministry of Health from the staff case page; the case leaves
// the supervisor's inbox and appears in the Ministry of Health agent's, and the citizen's
// tracking page names the new entity. Screenshots of the staff case page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accounts, launchBrowser, newPage, openStaffCase, screenshot, signIn, staffFoldedAction,
  staffMasks, startServer, submitCase, trackCase, visit,
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

const text = {
  ar: { subject: 'تسرب مياه في الشارع قرب المستوصف', description: 'يوجد تسرب مياه مستمر منذ ثلاثة أيام قرب المركز الصحي في الحي.', reason: 'الموضوع يخص المركز الصحي.', moh: 'وزارة الصحة' },
  en: { subject: 'Water leak next to the health centre', description: 'Water has been leaking for three days next to the health centre in our block.', reason: 'This concerns the health centre.', moh: 'Ministry of Health' },
};

for (const lang of ['ar', 'en']) {
  describe(`case work (${lang})`, () => {
    test('a supervisor transfers a case to another entity', async () => {
      const t = text[lang];
      const citizen = await newPage(browser, server, lang);
      const { reference, accessCode } = await submitCase(citizen, {
        subject: t.subject, description: t.description, category: 'roads.potholes',
        email: 'citizen@example.com',
      });
      assert.ok(reference, 'the case was accepted');

      const supervisor = await newPage(browser, server, lang);
      await signIn(supervisor, accounts.supervisor);
      const opened = await openStaffCase(supervisor, reference);
      assert.equal(opened.status(), 200);
      assert.equal((await supervisor.textContent('#case-reference')).trim(), reference);
      await screenshot(supervisor, 'staff-case', { mask: staffMasks });
      const moved = await staffFoldedAction(supervisor, 'form-transfer', {
        '#transfer-entity': 'MOH', '#transfer-reason': t.reason,
      });
      assert.equal(moved.status(), 200);
      assert.equal(new URL(supervisor.url()).pathname, '/staff/');  // no longer our case
      assert.ok(await supervisor.locator('[role="status"]').isVisible());
      assert.equal(await supervisor.locator(`tr[data-reference="${reference}"]`).count(), 0);
      const gone = await openStaffCase(supervisor, reference);
      assert.equal(gone.status(), 404);

      const moh = await newPage(browser, server, lang);
      await signIn(moh, accounts.agentMoh);
      assert.equal(await moh.locator(`tr[data-reference="${reference}"]`).count(), 1);
      await openStaffCase(moh, reference);
      assert.equal((await moh.textContent('#case-entity')).trim(), t.moh);
      assert.ok((await moh.textContent('.staff-timeline')).includes(t.reason));

      const tracked = await trackCase(citizen, { reference, accessCode });
      assert.equal(tracked.status(), 200);
      assert.ok((await citizen.textContent('main')).includes(t.moh));
      for (const p of [citizen, supervisor, moh]) await p.context().close();
    });

    test('the staff search page finds a case however the word is written', async () => {
      const page = await newPage(browser, server, lang);
      await signIn(page, accounts.agent);
      const citizen = await newPage(browser, server, lang);
      const { reference } = await submitCase(citizen, {
        subject: 'إنارة الشارع مطفأة', description: 'أعمدة الإنارة في شارع المدرسة مطفأة منذ أسبوع.',
        category: 'roads.street_lighting', email: 'citizen@example.com',
      });
      await visit(page, '/staff/search?q=' + encodeURIComponent('الانارة'));
      assert.equal(await page.locator(`li[data-reference="${reference}"]`).count(), 1);
      assert.ok(await page.locator(`li[data-reference="${reference}"] mark`).count() >= 1);
      await screenshot(page, 'staff-search', { mask: staffMasks });
      for (const p of [page, citizen]) await p.context().close();
    });
  });
}
