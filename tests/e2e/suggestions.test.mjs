// Suggestions carried to the end, in a real browser, in Arabic and English: a citizen sends a
// suggestion; the Ministry of Works agent records it accepted, in progress with a milestone, then
// implemented with a public summary on the staff case page; the citizen sees the stage, progress
// and milestone on the tracking page; the public page "You suggested, we did" lists the summary
// and shows none of the citizen's text, name or email. Screenshot of the public page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accounts, launchBrowser, newPage, openStaffCase, screenshot, signIn, startServer, submitCase,
  submitForm, trackCase, visit,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const text = {
  ar: {
    subject: 'مظلات في مواقف الحافلات بالمنطقة',
    description: 'أقترح تركيب مظلات ومقاعد في مواقف الحافلات لأن الانتظار في الشمس صعب صيفاً.',
    name: 'سلمى الراشد',
    summary: 'رُكّبت مظلات ومقاعد في مواقف الحافلات المقترحة',
    milestone: 'اعتُمد التصميم',
  },
  en: {
    subject: 'Shades at the bus stops in our area',
    description: 'I suggest shades and benches at the bus stops: waiting in the summer sun is hard.',
    name: 'Salma Al Rashid',
    summary: 'Shades and benches were installed at the suggested bus stops',
    milestone: 'Design approved',
  },
};

// Chooses `stage` in the outcome form, fills `fields` (selector -> value) and sends it.
async function recordOutcome(page, stage, fields = {}) {
  await page.selectOption('#outcome-stage', stage);
  for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
  return submitForm(page, '#form-outcome button[type="submit"]');
}

for (const lang of ['ar', 'en']) {
  describe(`suggestions (${lang})`, () => {
    let server;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server?.stop();
    });

    test('staff record the outcome, the citizen sees it, the public page lists it', async () => {
      const t = text[lang];
      const email = `suggester.${lang}@example.com`;
      const citizen = await newPage(browser, server, lang);
      const { reference, accessCode } = await submitCase(citizen, {
        type: 'suggestion', category: 'roads.street_lighting', subject: t.subject,
        description: t.description, name: t.name, email,
      });
      assert.ok(reference);

      const agent = await newPage(browser, server, lang);
      await signIn(agent, accounts.agent);
      assert.equal((await openStaffCase(agent, reference)).status(), 200);
      // Implemented straight away is not offered; a missing reason is named in the summary.
      const offered = await agent.locator('#outcome-stage option').evaluateAll(
        (options) => options.map((o) => o.value));
      assert.deepEqual(offered, ['under_study', 'accepted', 'declined']);
      const refused = await recordOutcome(agent, 'declined');
      assert.equal(refused.status(), 422);
      assert.ok(await agent.locator('#outcome-errors a[href="#outcome-reason"]').isVisible());

      assert.equal((await recordOutcome(agent, 'accepted')).status(), 200);
      assert.equal(await agent.getAttribute('#outcome-current', 'data-stage'), 'accepted');
      await recordOutcome(agent, 'in_progress', {
        '#outcome-progress': '60', '#outcome-milestone-date': '2026-11-30',
        '#outcome-milestone-text': t.milestone,
      });
      assert.equal(await agent.getAttribute('#outcome-current', 'data-stage'), 'in_progress');
      await recordOutcome(agent, 'implemented', { '#outcome-summary': t.summary });
      assert.equal(await agent.getAttribute('#outcome-current', 'data-stage'), 'implemented');

      assert.equal((await trackCase(citizen, { reference, accessCode })).status(), 200);
      assert.equal(await citizen.getAttribute('#outcome-current', 'data-stage'), 'implemented');
      const outcome = await citizen.textContent('#suggestion-outcome');
      assert.ok(outcome.includes(t.milestone) && outcome.includes(t.summary), outcome);

      const visitor = await newPage(browser, server, lang);
      assert.equal((await visit(visitor, '/suggestions')).status(), 200);
      const body = await visitor.textContent('body');
      assert.ok(body.includes(t.summary), body);
      for (const secret of [t.subject, t.description, t.name, email, reference]) {
        assert.ok(!body.includes(secret), secret);
      }
      await screenshot(visitor, 'suggestions', { mask: ['.when'] });
      for (const p of [citizen, agent, visitor]) await p.context().close();
    });
  });
}
