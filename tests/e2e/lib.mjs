// Helpers of the end-to-end browser tests: a real `tawasul serve --demo` on a scratch SQLite file
// and a free loopback port, Debian's chromium driven by playwright-core, and small page helpers
// that walk the public forms the way a person does (fill the labelled fields, press the button).
//
// A journey file (tests/e2e/*.test.mjs) starts one server and one browser in `before`, opens a
// fresh browser context per language with newPage(), and stops both in `after`:
//
//   const server = await startServer();
//   const browser = await launchBrowser();
//   const page = await newPage(browser, server, 'en');
//   const { reference, accessCode } = await submitCase(page, { subject: 'Pothole' });
//
// Every page opened through visit() carries ?lang=, so the journey's language never depends on
// the cookie the server sets. Each page records the dialogs that fired (page.dialogs) and
// dismisses them, so a test can assert that no script ran. screenshot() writes full-page PNGs at
// phone and desktop widths into TAWASUL_E2E_SCREENSHOTS (docs/screenshots by default), masking
// what changes with the clock or at random (dates, access codes) so that the files only change
// when the pages do.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env.TAWASUL_BINARY || path.join(repoRoot, 'build/release/tawasul');
export const screenshotsDir =
  process.env.TAWASUL_E2E_SCREENSHOTS || path.join(repoRoot, 'docs/screenshots');
export const widths = [390, 1280];

// The demo accounts of `tawasul serve --demo` (src/app/demo.cpp, README.md).
export const accounts = {
  admin: { email: 'admin@tawasul.example', password: 'demo-admin-2026' },
  supervisor: { email: 'supervisor.mow@tawasul.example', password: 'demo-supervisor-2026' },
  agent: { email: 'agent.mow@tawasul.example', password: 'demo-agent-2026' },
  agentMoh: { email: 'agent.moh@tawasul.example', password: 'demo-agent-2026' },
};

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Starts `tawasul serve --demo --demo-cases N` on a new SQLite file in a temporary directory,
// listening on 127.0.0.1:0 (the kernel picks a free port), and resolves once /readyz answers
// 200. Returns { url, dir, stop() }; stop() ends the server (SIGTERM, then SIGKILL after 10 s)
// and removes the directory. Rejects with the server's output if it does not become ready in 60 s.
export async function startServer({ demoCases = 0, extraArgs = [] } = {}) {
  if (!existsSync(binary)) throw new Error(`no tawasul binary at ${binary} (build it first)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'tawasul-e2e-'));
  const args = [
    'serve', '--database', `sqlite:${dir}/e2e.db`, '--secret-file', `${dir}/e2e.key`,
    '--listen', '127.0.0.1:0', '--threads', '2', '--access-log', 'off',
    '--attachments-dir', `${dir}/attachments`,
    '--demo', '--demo-cases', String(demoCases),
    // Journeys send several cases from one address with one email: the intake limits are tested
    // in tests/integration/intake_limits_test.cpp, not here.
    '--submissions-per-address-per-hour', '0', '--submissions-per-contact-per-day', '0',
    // The demo administrator signs in with a password alone: a second factor for administrators
    // (the default) is tested in tests/integration/mfa_test.cpp (docs/decisions.md 2026-12-07).
    '--no-admin-mfa',
    ...extraArgs,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout.on('data', (b) => { output += b; });
  child.stderr.on('data', (b) => { output += b; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));
  let ended = null;
  exited.then((e) => { ended = e; });

  const stop = async () => {
    if (!ended) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const fail = async (why) => {
    await stop();
    throw new Error(`tawasul serve did not start: ${why}\n${binary} ${args.join(' ')}\n${output}`);
  };

  const deadline = Date.now() + 60000;
  let url = null;
  while (!url) {
    const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\D/);
    if (m) url = `http://127.0.0.1:${m[1]}`;
    else if (ended) return fail(`the process ended (${JSON.stringify(ended)})`);
    else if (Date.now() > deadline) return fail('no URL on stdout within 60 s');
    else await sleep(50);
  }
  for (;;) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (ended) return fail(`the process ended (${JSON.stringify(ended)})`);
    if (Date.now() > deadline) return fail('/readyz did not answer 200 within 60 s');
    await sleep(100);
  }
  return { url, dir, stop };
}

// Launches Debian's chromium (never a downloaded browser) headless. TAWASUL_E2E_CHROMIUM
// overrides the executable.
export async function launchBrowser() {
  const executablePath = process.env.TAWASUL_E2E_CHROMIUM ||
    ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('chromium is not installed (scripts/install-deps)');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--font-render-hinting=none'],
  });
}

// A page in a fresh browser context (no cookies) for `lang` ('ar' or 'en'), 1280 px wide at
// device scale 1. page.lang is the journey's language, page.dialogs the dialogs that fired.
export async function newPage(browser, server, lang = 'ar', { width = 1280 } = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width, height: 800 },
    deviceScaleFactor: 1,
    locale: lang === 'en' ? 'en-GB' : 'ar-BH',
    timezoneId: 'Asia/Bahrain',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.lang = lang;
  page.dialogs = [];
  page.on('dialog', (d) => {
    page.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

// Opens `pathname` in the page's language and returns the main response.
export async function visit(page, pathname) {
  const sep = pathname.includes('?') ? '&' : '?';
  return page.goto(`${pathname}${sep}lang=${page.lang}`);
}

// Presses `button` (a locator or selector) and resolves with the response of the navigation it
// causes (forms post and the server answers with a page or a 303).
export async function submitForm(page, button) {
  const locator = typeof button === 'string' ? page.locator(button) : button;
  const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
  return response;
}

// Fills and sends the public submission form (/submit) like a citizen and returns
// { response, reference, accessCode } from the confirmation page (reference and accessCode are
// null when the server refused the form; response.status() says why).
export async function submitCase(page, {
  type = 'complaint', category = 'roads.potholes', subject, description, name = '', email = '',
  phone = '', anonymous = false, files = [],
} = {}) {
  await visit(page, '/submit');
  await page.check(`input[name="type"][value="${type}"]`);
  await page.selectOption('#category', category);
  await page.fill('#subject', subject);
  await page.fill('#description', description);
  if (name) await page.fill('#name', name);
  if (email) await page.fill('#email', email);
  if (phone) await page.fill('#phone', phone);
  if (anonymous) await page.check('input[name="anonymous"]');
  if (files.length) await page.setInputFiles('#attachments', files);
  // "Send now" (the form also offers "review first", which shows a read-only summary).
  const response = await submitForm(page, 'form[action="/submit"] button[name="step"][value="send"]');
  if (response.status() !== 200) return { response, reference: null, accessCode: null };
  return {
    response,
    reference: (await page.textContent('#reference')).trim(),
    accessCode: (await page.textContent('#access-code')).trim(),
  };
}

// Looks a case up on /track with its reference and access code; resolves with the response of
// the case page (200) or of the form shown again with an error.
export async function trackCase(page, { reference, accessCode }) {
  await visit(page, '/track');
  await page.fill('#reference', reference);
  await page.fill('#access_code', accessCode);
  return submitForm(page, 'form[action="/track"] button[type="submit"]');
}

// Signs a member of staff in on /login; resolves with the response of the page it lands on.
export async function signIn(page, { email, password }) {
  await visit(page, '/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  return submitForm(page, 'form[action="/login"] button[type="submit"]');
}

// Signs out with the button in the staff bar; resolves with the response of the page it lands on.
export async function signOut(page) {
  return submitForm(page, 'form[action="/logout"] button[type="submit"]');
}

// What changes with the clock or at random on the pages we photograph: the access code, the
// date and time rows of a case (submitted, first response due, due) and the timeline's dates.
// Their text is first replaced by a placeholder of fixed length (a date's length decides where
// lines wrap on a phone, and so the page's height), then painted over.
export const clockMasks = [
  '#access-code', 'dl.facts > div:nth-child(n+3) dd', '.timeline .muted', 'time',
];
// The staff pages mark every clock-dependent value (dates, due times) with class "when".
export const staffMasks = ['.when', '#case-reference', 'tr[data-reference] td:first-child'];

// Saves full-page screenshots of the current page as `${name}-${lang}-${width}.png` for each
// width in `widths` (the page is resized, not reloaded), after the fonts have loaded, with the
// text of the `mask` selectors replaced by a placeholder and painted over (so use the page for
// nothing else afterwards). Returns the paths written.
export async function screenshot(page, name, { mask = clockMasks } = {}) {
  mkdirSync(screenshotsDir, { recursive: true });
  const original = page.viewportSize();
  const written = [];
  await page.mouse.move(0, 0);  // no hover styles from the click that led here
  await page.evaluate((selectors) => {
    for (const el of document.querySelectorAll(selectors.join(','))) el.textContent = '0000-00-00 00:00';
  }, mask);
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    await fontsLoaded(page);
    const file = path.join(screenshotsDir, `${name}-${page.lang}-${width}.png`);
    await page.screenshot({
      path: file,
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      mask: mask.map((s) => page.locator(s)),
      maskColor: '#c9d1dc',
    });
    written.push(file);
  }
  await page.setViewportSize(original);
  return written;
}

// Resolves once every face of the page's text is loaded: document.fonts.ready alone may resolve
// before layout has asked for a face (the bold Latin of a heading, say), so each weight is
// loaded explicitly for the page's text first.
export async function fontsLoaded(page) {
  await page.evaluate(async () => {
    const text = document.body.innerText;
    await Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px "Tawasul Sans"`, text)));
    await document.fonts.ready;
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- Staff case page (/staff/cases/{reference}) -------------------------------------------------

// Opens the staff case page of `reference`; resolves with the response.
export async function openStaffCase(page, reference) {
  return visit(page, `/staff/cases/${reference}`);
}

// Sends the case page's compose form: `action` is reply, note, request_info or answer.
export async function staffCompose(page, action, body) {
  await page.check(`#compose-${action}`);
  await page.fill('#compose-body', body);
  return submitForm(page, '#form-compose button[type="submit"]');
}

// Assigns the open case to the signed-in member of staff.
export async function staffAssignToMe(page) {
  await page.selectOption('#assign-to', 'me');
  return submitForm(page, '#form-assign button[type="submit"]');
}

// Opens the folded form `formId` (a <details> on the case page), fills `fields` (selector →
// value; <select>s by value) and sends it.
export async function staffFoldedAction(page, formId, fields) {
  await page.locator(`details:has(#${formId}) > summary`).click();
  for (const [selector, value] of Object.entries(fields)) {
    const tag = await page.locator(selector).evaluate((el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
  return submitForm(page, `#${formId} button[type="submit"]`);
}

// --- Citizen actions on the tracking page (after trackCase) ------------------------------------

// Sends the "add information" form of the tracked case.
export async function citizenReply(page, body) {
  await page.fill('#reply-body', body);
  return submitForm(page, 'form[action="/track/reply"] button[type="submit"]');
}

// Rates the answer of the tracked case (score 1..5, optional comment).
export async function citizenRate(page, score, comment = '') {
  await page.check(`form[action="/track/rate"] input[name="score"][value="${score}"]`);
  if (comment) await page.fill('#rate-comment', comment);
  return submitForm(page, 'form[action="/track/rate"] button[type="submit"]');
}

// Writes small but real files to attach (a PNG and a PDF) in `dir`; returns their paths.
export function sampleFiles(dir) {
  const png = path.join(dir, 'pothole.png');
  writeFileSync(png, Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64'));
  const pdf = path.join(dir, 'report.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return { png, pdf };
}
