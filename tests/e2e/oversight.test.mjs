// Oversight in a real browser, in Arabic and English: an administrator confirms the tentative
// holiday (one day longer, as the official circular says) on /admin/calendar and an open case's
// due time moves; the public statistics page counts the cases just submitted; a supervisor opens
// the entity's dashboard; an administrator adds a category, the submission form offers it at once
// and the administration log names who did it; at 390 px every column of the statistics league
// table scrolls into view and the chart labels do not overlap. Screenshots of those pages.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accounts, launchBrowser, newPage, openStaffCase, screenshot, signIn, staffMasks, startServer,
  submitCase, submitForm, visit,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const subject = { ar: 'إنارة معطلة في الحديقة العامة', en: 'Broken lights in the public park' };
const description = {
  ar: 'أعمدة الإنارة في الحديقة العامة معطلة منذ أسبوع والمكان مظلم ليلاً.',
  en: 'The lamp posts in the public park have been out for a week; it is dark at night.',
};

async function receivedOnStats(page) {
  await visit(page, '/stats');
  return Number(await page.getAttribute('#st-received-value', 'data-value'));
}

// Each language has its own server, so each run has a tentative holiday to confirm.
for (const lang of ['ar', 'en']) {
  describe(`oversight (${lang})`, () => {
    let server;
    before(async () => {
      // Demo cases bring the demo's tentative holiday (src/app/demo.cpp: DemoTentativeHoliday).
      server = await startServer({ demoCases: 20 });
    });
    after(async () => {
      await server?.stop();
    });

    test('the public statistics count a new case', async () => {
      const visitor = await newPage(browser, server, lang);
      const before = await receivedOnStats(visitor);
      const citizen = await newPage(browser, server, lang);
      const { reference } = await submitCase(citizen, {
        subject: subject[lang], description: description[lang], category: 'roads.street_lighting',
        email: 'citizen@example.com',
      });
      assert.ok(reference);
      const after = await receivedOnStats(visitor);
      assert.equal(after, before + 1);
      // No personal data on the page: neither the subject nor the email.
      const body = await visitor.textContent('body');
      assert.ok(!body.includes(subject[lang]) && !body.includes('citizen@example.com'));
      assert.ok(await visitor.locator('#st-chart-received svg').count() >= 1);
      await screenshot(visitor, 'stats', { mask: ['.when'] });
      for (const p of [visitor, citizen]) await p.context().close();
    });

    test('at 390 px every column of the league table is reachable and chart labels are apart', async () => {
      const phone = await newPage(browser, server, lang, { width: 390 });
      await visit(phone, '/stats');
      // The page itself never scrolls sideways: the table scrolls inside its own region.
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
      const region = phone.locator('.table-scroll[role="region"]:has(#st-table)');
      assert.equal(await region.getAttribute('tabindex'), '0');
      const headers = phone.locator('#st-table thead th');
      const n = await headers.count();
      assert.equal(n, 12, 'every column is in the table');
      for (let i = 0; i < n; i++) {
        const th = headers.nth(i);
        await th.scrollIntoViewIfNeeded();
        const box = await th.boundingBox();
        assert.ok(box && box.width > 0, `column ${i} is rendered`);
        assert.ok(box.x >= -1 && box.x + box.width <= 391, `column ${i} scrolls into view`);
      }
      // The default ranking is marked, and each header is a sort link keeping the period.
      assert.equal(await phone.getAttribute('#st-col-compliance', 'aria-sort'), 'ascending');
      const href = await phone.getAttribute('#st-col-p90_answer a', 'href');
      assert.match(href, /^\/stats\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&sort=p90_answer&dir=desc$/);
      // Chart time labels: readable (at least 11 px tall, not the 8 px of a scaled-down 14 px) and
      // never overlapping.
      const labels = await phone.$$eval('#st-chart-received .chart-label', (els) => els
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => ({ left: r.left, right: r.right, height: r.height })));
      assert.ok(labels.length >= 2, 'some time labels are shown');
      labels.sort((a, b) => a.left - b.left);
      for (let i = 0; i < labels.length; i++) {
        assert.ok(labels[i].height >= 11, `label ${i} is ${labels[i].height}px tall`);
        if (i > 0) assert.ok(labels[i].left >= labels[i - 1].right, `labels ${i - 1} and ${i} overlap`);
      }
      await phone.context().close();
    });

    test('a supervisor sees the entity dashboard', async () => {
      const page = await newPage(browser, server, lang);
      await signIn(page, accounts.supervisor);
      const r = await visit(page, '/staff/dashboard');
      assert.equal(r.status(), 200);
      assert.ok(await page.locator('#db-received').isVisible());
      assert.ok(await page.locator('#db-workload').isVisible());
      await screenshot(page, 'dashboard', { mask: staffMasks });
      const agent = await newPage(browser, server, lang);
      await signIn(agent, accounts.agent);
      assert.equal((await visit(agent, '/staff/dashboard')).status(), 403);
      for (const p of [page, agent]) await p.context().close();
    });

    test('confirming a tentative holiday moves an open case\'s due time', async () => {
      const citizen = await newPage(browser, server, lang);
      const { reference } = await submitCase(citizen, {
        subject: subject[lang], description: description[lang], category: 'roads.street_lighting',
        email: 'citizen@example.com',
      });
      const admin = await newPage(browser, server, lang);
      await signIn(admin, accounts.admin);
      assert.equal((await openStaffCase(admin, reference)).status(), 200);
      const dueBefore = (await admin.textContent('#case-due')).trim();

      await visit(admin, '/admin/calendar');
      const form = admin.locator('form.holiday-confirm[data-first-tentative="true"]');
      assert.equal(await form.count(), 1, 'the demo has a tentative holiday');
      const index = await form.getAttribute('data-holiday-index');
      // The circular says one day longer than proposed.
      await admin.fill(`#confirm-${index}-end`, await form.getAttribute('data-end-plus-one'));
      const done = await submitForm(admin, `#confirm-${index}-submit`);
      assert.equal(done.status(), 200);
      assert.ok(Number(await admin.getAttribute('#adm-result', 'data-changed')) >= 1);
      await screenshot(admin, 'admin-calendar', { mask: ['.when'] });

      await openStaffCase(admin, reference);
      const dueAfter = (await admin.textContent('#case-due')).trim();
      assert.notEqual(dueAfter, dueBefore, 'the due time moved');
      assert.ok((await admin.textContent('.staff-timeline')).length > 0);
      for (const p of [citizen, admin]) await p.context().close();
    });

    test('an administrator adds a category and the submission form offers it', async () => {
      const code = `roads.sidewalks-${lang}`;
      const names = { ar: 'الأرصفة والممرات', en: 'Sidewalks and footpaths' };
      const admin = await newPage(browser, server, lang);
      await signIn(admin, accounts.admin);
      assert.equal((await visit(admin, '/admin/categories/new?entity=MOW')).status(), 200);
      assert.equal(await admin.inputValue('#catg-entity'), 'MOW');
      await admin.fill('#catg-code', code);
      await admin.fill('#catg-name-ar', names.ar);
      await admin.fill('#catg-name-en', names.en);
      await admin.fill('#catg-guidance-ar', 'اذكر اسم الشارع ورقم المجمع.');
      await admin.fill('#catg-guidance-en', 'Give the road name and the block number.');
      await admin.uncheck('#catg-type-compliment');
      const saved = await submitForm(admin, '#catg-save');
      assert.equal(saved.status(), 200);
      assert.ok(await admin.locator('#adm-result').isVisible());
      assert.equal(await admin.locator(`tr[id="category-${code}"]`).count(), 1);

      // A citizen's form offers it under the Ministry of Works, at once.
      const citizen = await newPage(browser, server, lang);
      await visit(citizen, '/submit');
      assert.equal(await citizen.locator(`#category option[value="${code}"]`).count(), 1);
      assert.ok((await citizen.textContent('body')).includes(names[lang]));

      await visit(admin, `/admin/categories/${code}`);
      assert.equal(await admin.inputValue('#catg-name-en'), names.en);
      assert.ok(!(await admin.isChecked('#catg-type-compliment')));
      await screenshot(admin, 'admin-category', { mask: ['.when'] });
      await visit(admin, '/admin/changes?area=category');
      const row = admin.locator(`tr.admin-change[data-subject="${code}"]`);
      assert.equal(await row.count(), 1);
      assert.ok((await row.textContent()).includes('admin@tawasul.example'));
      await screenshot(admin, 'admin-changes', { mask: ['.when'] });
      for (const p of [admin, citizen]) await p.context().close();
    });
  });
}
