// A caller's case, end to end in a real browser (issue 15): a member of the call centre signs
// in, lands on /staff/caller, enters what the caller says with their mobile number; the server
// sends the SMS through the configured gateway — a real HTTP receiver on loopback, started here —
// and the citizen follows the case on /track with the reference and access code the SMS carries.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  binary, launchBrowser, newPage, signIn, sleep, startServer, submitForm, trackCase,
} from './lib.mjs';

// The SMS gateway: records every request body (JSON) and answers 200 with an id.
function startGateway() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (b) => { body += b; });
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push({ raw: body });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/sms`, received, close: () => server.close() });
    });
  });
}

const caller = { email: 'cc.e2e@tawasul.example', password: 'call-centre-e2e-2026' };
let gateway;
let server;
let browser;

before(async () => {
  gateway = await startGateway();
  // The gateway's request: a header line, a blank line, the JSON body (docs/notifications.md).
  const templateFile = path.join(process.env.TMPDIR || '/tmp', `sms-template-${process.pid}.txt`);
  writeFileSync(templateFile,
    'Content-Type: application/json\n\n{"to": "{{to}}", "text": "{{text}}", "id": "{{id}}"}\n');
  server = await startServer({
    extraArgs: ['--sms-gateway-url', gateway.url, '--sms-gateway-template', templateFile],
  });
  execFileSync(binary, [
    'user', 'add', '--email', caller.email, '--password', caller.password, '--role', 'call_centre',
    '--database', `sqlite:${server.dir}/e2e.db`, '--secret-file', `${server.dir}/e2e.key`,
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  gateway?.close();
});

test('the call centre enters a caller\'s case; the SMS carries what the citizen needs to follow it', async () => {
  const staff = await newPage(browser, server, 'ar');
  const landed = await signIn(staff, caller);
  assert.equal(landed.status(), 200);
  // The call centre reads no case: its staff pages lead to the caller form.
  assert.equal(new URL(staff.url()).pathname, '/staff/caller');

  await staff.check('input[name="channel"][value="phone"]');
  await staff.selectOption('#cc-type', 'complaint');
  await staff.selectOption('#cc-category', 'roads.potholes');
  await staff.fill('#cc-subject', 'حفرة عميقة أمام المدرسة');
  await staff.fill('#cc-description', 'يقول المتصل إن الحفرة أمام مدرسة الحورة منذ أسبوعين وتسبب حوادث.');
  await staff.fill('#cc-phone', '+973 3600 4321');
  await staff.selectOption('#cc-notify', 'sms');
  const done = await submitForm(staff, '#cc-submit');
  assert.equal(done.status(), 201);
  const reference = (await staff.textContent('#cc-reference')).trim();
  const shownCode = (await staff.textContent('#cc-access-code')).trim();
  assert.match(reference, /^\d{2}-\d{7}-\d$/);
  await staff.context().close();

  // The SMS reaches the gateway within a few delivery rounds.
  for (let i = 0; i < 100 && gateway.received.length === 0; i++) await sleep(200);
  assert.equal(gateway.received.length, 1, 'one SMS sent');
  const sms = gateway.received[0];
  assert.equal(sms.to, '+97336004321');
  assert.ok(sms.text.includes(reference), sms.text);
  const code = sms.text.match(/رمز الدخول ([0-9A-Z]{8})/)?.[1];
  assert.equal(code, shownCode, 'the SMS carries the code the agent read out');

  // The citizen follows the case with what the SMS says.
  const citizen = await newPage(browser, server, 'ar', { width: 390 });
  const page = await trackCase(citizen, { reference, accessCode: code });
  assert.equal(page.status(), 200);
  assert.ok((await citizen.textContent('h1')).includes('حفرة عميقة'));
  // ... and sees that we sent the SMS.
  assert.equal(await citizen.locator('#case-messages li[data-status="sent"]').count(), 1);
  await citizen.context().close();
});
