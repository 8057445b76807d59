// A citizen's account in a real browser (issue 16 item 1, docs/accounts.md): signing in with a
// code read from the mail the real SMTP sink on loopback received (tests/notify/smtp_sink.py),
// "My cases" listing a case sent while signed in, signing out everywhere; then recovering access
// to a case by a code sent to its contact, the new access code working and the old one not.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  launchBrowser, newPage, repoRoot, sleep, startServer, submitCase, submitForm, trackCase, visit,
} from './lib.mjs';

let sink;
let server;
let browser;

// The SMTP sink: its port is the first line it prints.
async function startSink() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tawasul-smtp-'));
  const child = spawn('/usr/bin/python3', [path.join(repoRoot, 'tests/notify/smtp_sink.py'), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b) => { out += b; });
  const deadline = Date.now() + 30000;
  while (!/^\d+\n/.test(out)) {
    if (Date.now() > deadline) throw new Error('smtp_sink.py did not start');
    await sleep(50);
  }
  return { dir, port: Number(out.split('\n')[0]), stop: () => child.kill('SIGTERM') };
}

// The six digits in the subject of the newest mail to `address` whose subject matches `re`,
// waiting for one that is not in `seen`.
async function codeMailedTo(address, re, seen = new Set()) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const names = readdirSync(sink.dir).filter((n) => /^message-\d+\.json$/.test(n))
      .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
    for (const name of names.reverse()) {
      if (seen.has(name)) continue;
      const m = JSON.parse(readFileSync(path.join(sink.dir, name), 'utf8'));
      const subject = m.parsed?.headers?.Subject ?? '';
      const to = (m.rcpt_tos ?? []).join(',');
      const code = String(subject).match(/(?:^|\D)(\d{6})(?:\D|$)/);
      if (to.includes(address) && re.test(subject) && code) {
        seen.add(name);
        return code[1];
      }
    }
    if (Date.now() > deadline) throw new Error(`no code mail for ${address}`);
    await sleep(100);
  }
}

before(async () => {
  sink = await startSink();
  server = await startServer({
    extraArgs: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from',
      'tawasul@example.com', '--public-url', 'https://tawasul.example'],
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

test('a citizen signs in with a mailed code, sees their case and signs out everywhere', async () => {
  const address = 'e2e.muwatin@example.com';
  const page = await newPage(browser, server, 'ar');
  await visit(page, '/me');
  assert.match(new URL(page.url()).pathname, /^\/me\/sign-in/);
  await page.fill('#contact', address);
  let response = await submitForm(page, 'form[action="/me/sign-in"] button[type="submit"]');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/me/sign-in/code');
  // The address is masked on the page.
  const text = await page.textContent('main');
  assert.ok(text.includes('…@example.com'));
  assert.ok(!text.includes('e2e.muwatin'));
  const code = await codeMailedTo(address, /\d{6}/);
  await page.fill('#code', code);
  response = await submitForm(page, 'form[action="/me/sign-in/code"] button[type="submit"]');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/me');
  assert.equal(await page.textContent('h1'), 'ملاحظاتي');
  const cookies = await page.context().cookies();
  const citizen = cookies.find((c) => c.name === 'tawasul_citizen');
  assert.ok(citizen && citizen.httpOnly && citizen.sameSite === 'Lax');

  // A case sent while signed in is listed, with a link to its track page.
  const { reference } = await submitCase(page, {
    subject: 'إنارة الشارع مطفأة', description: 'إنارة الشارع أمام منزلنا مطفأة منذ أسبوعين.',
    email: address,
  });
  assert.ok(reference);
  await visit(page, '/me');
  assert.equal(await page.locator(`#my-cases a[href="/track/${reference}"]`).count(), 1);

  // Sign out everywhere: back to the sign-in page, /me no longer opens.
  await visit(page, '/me/sessions');
  response = await submitForm(page, 'form[action="/me/sessions/revoke-all"] button');
  assert.equal(new URL(page.url()).pathname, '/me/sign-in');
  await visit(page, '/me');
  assert.equal(new URL(page.url()).pathname, '/me/sign-in');
  await page.context().close();
});

test('a citizen who lost the access code recovers access with a code sent to the case', async () => {
  const address = 'e2e.lost@example.com';
  const page = await newPage(browser, server, 'en');
  const { reference, accessCode } = await submitCase(page, {
    subject: 'Broken street light', description: 'The street light on our road is off for weeks.',
    email: address,
  });
  assert.ok(reference && accessCode);
  await visit(page, '/track');
  await Promise.all([page.waitForNavigation(), page.click('#lost-code')]);
  await page.fill('#reference', reference);
  await submitForm(page, 'form[action="/track/recover"] button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/track/recover/code');
  assert.ok((await page.textContent('main')).includes('…@example.com'));
  const code = await codeMailedTo(address, new RegExp(reference));
  await page.fill('#code', code);
  const response = await submitForm(page, 'form[action="/track/recover/code"] button');
  assert.equal(response.status(), 200);
  const notice = (await page.textContent('#action-success')).trim();
  const fresh = notice.match(/([A-Z0-9]{8})$/)?.[1];
  assert.ok(fresh && fresh !== accessCode, notice);

  assert.equal((await trackCase(page, { reference, accessCode: fresh })).status(), 200);
  assert.equal((await trackCase(page, { reference, accessCode })).status(), 404);
  await page.context().close();
});
