// An administrator's messages and webhooks, end to end in a real browser (issue 15), in Arabic on
// a phone (390 px) and a desktop (1280 px): the SMS template of "received" is edited on
// /admin/messages with its preview and SMS part count, and an unknown placeholder is refused
// (422, error summary); a webhook is registered on /admin/webhooks pointing at a Node HTTP
// receiver started here, edited (a bad URL first: 422 and its error summary), a citizen's
// submission arrives signed with the secret shown at registration, and a replay from the page
// sends the same delivery again.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import {
  accounts, launchBrowser, newPage, screenshot, signIn, sleep, startServer, submitCase,
  submitForm, visit,
} from './lib.mjs';

// The webhook receiver: records every request (method, path, headers, body) and answers 200.
function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (b) => { body += b; });
    req.on('end', () => {
      received.push({ method: req.method, path: req.url, headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ base: `http://127.0.0.1:${server.address().port}`, received, close: () => server.close() });
    });
  });
}

// Polls `done` (no timing is asserted: a deadline only bounds a broken run).
async function until(done, what) {
  for (let i = 0; i < 300; i++) {
    if (await done()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// What a receiver checks: v1= HMAC-SHA256 over "<timestamp>.<body>" with the shared secret.
function signature(secret, timestamp, body) {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

let receiver;
let server;
let browser;

before(async () => {
  process.env.no_proxy = '127.0.0.1,localhost';
  process.env.NO_PROXY = '127.0.0.1,localhost';
  receiver = await startReceiver();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

test('an administrator edits an SMS template with its preview and part count; an unknown placeholder is refused', async () => {
  const admin = await newPage(browser, server, 'ar');
  assert.equal((await signIn(admin, accounts.admin)).status(), 200);
  const path = '/admin/messages/received/sms/ar';
  assert.equal((await visit(admin, path)).status(), 200);

  await admin.fill('#msg-body', 'تم استلام ملاحظتك رقم {{reference}}. تابعها على {{track_url}}');
  const preview = await submitForm(admin, '#msg-preview');
  assert.equal(preview.status(), 200);
  const shown = await admin.textContent('#msg-preview-box pre');
  assert.ok(shown.includes('تم استلام ملاحظتك رقم'), shown);
  assert.ok(!shown.includes('{{reference}}'), 'the placeholder is filled in the preview');
  assert.match(await admin.textContent('#msg-sms-info'), /[0-9٠-٩]/);
  await screenshot(admin, 'admin-message-preview', { mask: ['#msg-history'] });

  await visit(admin, path);
  await admin.fill('#msg-body', 'رقم ملاحظتك {{reference}} وكلمة السر {{password}}');
  const refused = await submitForm(admin, '#msg-save');
  assert.equal(refused.status(), 422);
  await assert.doesNotReject(admin.locator('#msg-errors').waitFor({ state: 'visible' }));
  assert.equal(await admin.locator('#msg-errors a[href="#msg-body"]').count(), 1);
  assert.ok((await admin.textContent('#msg-body-error')).trim().length > 0);
  assert.ok((await admin.inputValue('#msg-body')).includes('{{password}}'), 'the text is kept');

  await admin.fill('#msg-body', 'وصلت ملاحظتك {{reference}}');
  const saved = await submitForm(admin, '#msg-save');
  assert.equal(saved.status(), 200);
  assert.equal(new URL(admin.url()).pathname, '/admin/messages');
  assert.ok(await admin.locator('#adm-result').isVisible());
  await admin.context().close();
});

test('an administrator registers, edits and replays a webhook; the signed body arrives', async () => {
  // On a phone: register and edit.
  const admin = await newPage(browser, server, 'ar', { width: 390 });
  assert.equal((await signIn(admin, accounts.admin)).status(), 200);
  await visit(admin, '/admin/webhooks');
  await admin.fill('#webhook-url', `${receiver.base}/first`);
  const added = await submitForm(admin, '#add-webhook-form button[type="submit"]');
  assert.equal(added.status(), 201);
  const secret = (await admin.textContent('#webhook-secret')).trim();
  assert.match(secret, /^whsec_[0-9a-f]{32}$/);
  const id = await admin.getAttribute('#webhook-created', 'data-webhook-id');

  await visit(admin, '/admin/webhooks');
  assert.equal(await admin.locator(`text=${secret}`).count(), 0, 'the secret is shown once');
  await submitForm(admin, `#webhook-${id}-edit`);
  assert.equal(new URL(admin.url()).pathname, `/admin/webhooks/${id}`);
  await admin.fill('#webhook-url', 'ftp://files.example.gov/in');
  const bad = await submitForm(admin, '#edit-webhook-form button[type="submit"]');
  assert.equal(bad.status(), 422);
  assert.ok(await admin.locator('.error-summary a[href="#webhook-url"]').isVisible());
  assert.ok((await admin.textContent('#webhook-url-error')).trim().length > 0);
  await screenshot(admin, 'admin-webhook-edit-error', { mask: ['h1 + p', '#webhook-url'] });

  await admin.fill('#webhook-url', `${receiver.base}/hooks`);
  for (const box of await admin.locator('input[name="events"]').all()) {
    const value = await box.getAttribute('value');
    if (value === 'received' || value === 'closed') await box.check();
    else await box.uncheck();
  }
  const edited = await submitForm(admin, '#edit-webhook-form button[type="submit"]');
  assert.equal(edited.status(), 200);
  assert.equal(new URL(admin.url()).pathname, '/admin/webhooks');
  assert.ok(await admin.locator('#adm-result').isVisible());
  assert.ok((await admin.textContent(`#webhook-${id} h2`)).includes(`${receiver.base}/hooks`));

  // A citizen submits: the event reaches the edited URL, signed with the secret.
  const citizen = await newPage(browser, server, 'ar', { width: 390 });
  const { reference } = await submitCase(citizen, {
    subject: 'حفرة في الطريق', description: 'حفرة كبيرة في شارع المعارض منذ أسبوع.',
    email: 'e2e.webhook@example.com',
  });
  assert.match(reference, /^\d{2}-\d{7}-\d$/);
  await citizen.context().close();
  const events = () => receiver.received.filter((r) => r.headers['tawasul-event'] === 'case.received');
  await until(() => events().length === 1, 'the webhook delivery');
  const first = events()[0];
  assert.equal(first.method, 'POST');
  assert.equal(first.path, '/hooks');
  assert.equal(first.headers['tawasul-signature'],
    signature(secret, first.headers['tawasul-timestamp'], first.body));
  const body = JSON.parse(first.body);
  assert.equal(body.reference, reference);
  assert.ok(!first.body.includes('e2e.webhook'), 'no personal data in the body');
  assert.equal(receiver.received.filter((r) => r.path === '/first').length, 0);
  await admin.context().close();

  // On a desktop: the delivery is listed as sent; replay it from the page.
  const desk = await newPage(browser, server, 'ar');
  assert.equal((await signIn(desk, accounts.admin)).status(), 200);
  const delivery = first.headers['tawasul-delivery'].replace('tawasul-outbox-', '');
  await until(async () => {
    await visit(desk, '/admin/webhooks');
    return (await desk.getAttribute(`#delivery-${delivery}`, 'data-status').catch(() => null)) === 'sent';
  }, 'the delivery to be listed as sent');
  await screenshot(desk, 'admin-webhooks', {
    mask: ['h2[dir="ltr"]', 'dd', `#webhook-${id}-deliveries td`],
  });
  await visit(desk, '/admin/webhooks');
  const replayed = await submitForm(desk, `#delivery-${delivery}-replay button[type="submit"]`);
  assert.equal(replayed.status(), 200);
  assert.ok(await desk.locator('#adm-result').isVisible());
  await until(() => events().length === 2, 'the replayed delivery');
  const again = events()[1];
  assert.equal(again.headers['tawasul-delivery'], first.headers['tawasul-delivery']);
  assert.equal(again.body, first.body);
  assert.equal(again.headers['tawasul-signature'],
    signature(secret, again.headers['tawasul-timestamp'], again.body));
  assert.deepEqual(desk.dialogs, []);
  await desk.context().close();
});
