// The whole life of a case in a real browser, in Arabic and English: a citizen submits a
// complaint with a photo and a PDF → an agent of the entity sees the files, takes the case and
// asks for information → the citizen adds it on the tracking page → the agent answers → the
// citizen rates the answer and the case closes. Screenshots of the tracking page while
// information is requested and of the staff case page with its history.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  accounts, citizenRate, citizenReply, launchBrowser, newPage, openStaffCase, sampleFiles,
  screenshot, signIn, staffAssignToMe, staffCompose, staffMasks, startServer, submitCase,
  trackCase,
} from './lib.mjs';

let server;
let browser;
let files;
let filesDir;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  filesDir = mkdtempSync(path.join(tmpdir(), 'tawasul-e2e-files-'));
  files = sampleFiles(filesDir);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

const text = {
  ar: {
    subject: 'حفرة عميقة أمام المدرسة', description: 'توجد حفرة عميقة أمام مدرسة الحي منذ أسبوعين وتسببت في أضرار للسيارات.',
    ask: 'يرجى تحديد اسم الشارع ورقم المجمع.', reply: 'شارع ١٢، مجمع ٣٤٥، أمام البوابة الرئيسية.',
    answer: 'تم ردم الحفرة وإعادة السفلتة يوم الأحد. شكراً لتواصلكم.', comment: 'خدمة سريعة، شكراً.',
  },
  en: {
    subject: 'Deep pothole in front of the school', description: 'There has been a deep pothole in front of the school for two weeks; it damages cars.',
    ask: 'Please tell us the road and block numbers.', reply: 'Road 12, block 345, in front of the main gate.',
    answer: 'The pothole was filled and the road resurfaced on Sunday. Thank you.', comment: 'Quick service, thank you.',
  },
};

async function statusOf(page) {
  return page.getAttribute('#case-status', 'data-status');
}

for (const lang of ['ar', 'en']) {
  describe(`case lifecycle (${lang})`, () => {
    test('submit with attachments → request information → citizen reply → answer → rating', async () => {
      const t = text[lang];
      const citizen = await newPage(browser, server, lang);
      const { response, reference, accessCode } = await submitCase(citizen, {
        subject: t.subject, description: t.description, category: 'roads.potholes',
        email: 'citizen@example.com', files: [files.png, files.pdf],
      });
      assert.equal(response.status(), 200);
      assert.ok(reference && accessCode, 'reference and access code shown');

      let tracked = await trackCase(citizen, { reference, accessCode });
      assert.equal(tracked.status(), 200);
      assert.equal(await citizen.locator('#attachments li').count(), 2);
      assert.equal(await statusOf(citizen), 'received');

      // The agent sees the files, takes the case and asks for information.
      const agent = await newPage(browser, server, lang);
      await signIn(agent, accounts.agent);
      assert.equal((await openStaffCase(agent, reference)).status(), 200);
      const links = agent.locator('#staff-attachments a');
      assert.equal(await links.count(), 2);
      // Fetched by the page itself (the session cookie is Secure, which Playwright's own request
      // client does not send over loopback http, though the browser does).
      const got = await agent.evaluate(async (href) => {
        const r = await fetch(href);
        return { status: r.status, type: r.headers.get('content-type'),
                 nosniff: r.headers.get('x-content-type-options') };
      }, await links.first().getAttribute('href'));
      assert.equal(got.status, 200);
      assert.equal(got.type, 'image/png');
      assert.equal(got.nosniff, 'nosniff');
      assert.equal((await staffAssignToMe(agent)).status(), 200);
      assert.equal((await staffCompose(agent, 'request_info', t.ask)).status(), 200);
      assert.equal(await statusOf(agent), 'awaiting_citizen');

      // The citizen reads the question and answers it on the tracking page.
      tracked = await trackCase(citizen, { reference, accessCode });
      assert.equal(await statusOf(citizen), 'awaiting_citizen');
      assert.ok((await citizen.textContent('.timeline')).includes(t.ask));
      await screenshot(citizen, 'track-awaiting-reply');
      const replied = await citizenReply(citizen, t.reply);
      assert.equal(replied.status(), 200);
      assert.ok(await citizen.locator('#action-success').isVisible());
      assert.equal(await statusOf(citizen), 'in_progress');

      // The agent sees the reply and answers.
      await openStaffCase(agent, reference);
      assert.ok((await agent.textContent('.staff-timeline')).includes(t.reply));
      assert.equal((await staffCompose(agent, 'answer', t.answer)).status(), 200);
      assert.equal(await statusOf(agent), 'answered');
      await screenshot(agent, 'staff-case-answered', { mask: staffMasks });

      // The citizen reads the answer and rates it; rating closes the case.
      await trackCase(citizen, { reference, accessCode });
      assert.ok((await citizen.textContent('.timeline')).includes(t.answer));
      const rated = await citizenRate(citizen, 5, t.comment);
      assert.equal(rated.status(), 200);
      assert.ok(await citizen.locator('#action-success').isVisible());
      assert.equal(await statusOf(citizen), 'closed');
      assert.equal(citizen.dialogs.length, 0);
      for (const p of [citizen, agent]) await p.context().close();
    });
  });
}
