// The management page of printlink-cloud (docs/protocol.md §6; the patent's Figures 9, 10
// and 14) as people see it in a real browser. run_management_page.py starts the cloud,
// creates the users and printers and writes the fixture this file reads; the printer's side
// is played by fake_device.py. The steps share one cloud, so they run in order.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const fixturePath = requiredEnv('PRINTLINK_BROWSER_FIXTURE');
const fixture = JSON.parse(fs.readFileSync(fixturePath, 'utf8'));
const screenshotDir = requiredEnv('PRINTLINK_SCREENSHOT_DIR');
const main = fixture.printers.main;
const hostile = fixture.printers.hostile;
const mainPage = `${fixture.cloud_url}/printers/${main.id}`;

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through run_management_page.py`);
  return value;
}

// Sends the printer's IPP report or acknowledgement to the cloud, as printlinkd would.
function device(alias, ...args) {
  const script = path.join(__dirname, 'fake_device.py');
  try {
    execFileSync(process.env.PRINTLINK_PYTHON || 'python3',
                 [script, '--fixture', fixturePath, '--printer', alias, ...args],
                 { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    throw new Error(`fake_device.py ${args[0]} failed: ${error.stderr || error.message}`);
  }
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// Clicks something that submits a form and waits for the page the answer leads to.
async function submit(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  return response;
}

async function text(page, selector) {
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
}

async function firmwareRow(page, component) {
  const row = page.locator('tr[data-component]').filter({
    has: page.locator('.fw-name', { hasText: component }),
  });
  assert.equal(await row.count(), 1, `one firmware row for ${component}`);
  return {
    name: await text(row, '.fw-name'),
    version: await text(row, '.fw-version'),
    latest: await text(row, '.fw-latest'),
  };
}

// The user's own browser profile: a fresh context has its own cookie jar.
async function signedIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  await page.goto(`${fixture.cloud_url}/login`);
  await page.fill('#username', user);
  await page.fill('#password', fixture.users[user].password);
  const response = await submit(page, '#login');
  assert.equal(response.status(), 200, `the page after ${user}'s login loads`);
  assert.equal(new URL(page.url()).pathname, '/printers', `${user} lands on the printer list`);
  return { context, page };
}

describe('printlink-cloud management page in Chromium', () => {
  let browser;
  let admin;
  const pageProblems = [];  // console errors, failed requests and dialogs on the admin's pages

  before(async () => {
    browser = await chromium.launch({
      executablePath: requiredEnv('PRINTLINK_CHROMIUM'),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    admin = await signedIn(browser, 'admin');
    admin.page.on('console', (m) => { if (m.type() === 'error') pageProblems.push(`console: ${m.text()}`); });
    admin.page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
    admin.page.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? 'unknown';
      // A subresource still loading when the test moves on (the icon, typically) is cancelled
      // by the browser itself: net::ERR_ABORTED says nothing about the server. Anything else
      // (reset, refused, empty response) does.
      if (why === 'net::ERR_ABORTED') {
        console.log(`(a request the browser cancelled: ${r.url()})`);
        return;
      }
      pageProblems.push(`request failed: ${r.url()} (${why})`);
    });
    admin.page.on('dialog', (d) => { pageProblems.push(`dialog: ${d.message()}`); d.dismiss(); });
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('(1) shows an administrator the printer, its firmware and the Update button', async () => {
    const { page } = admin;
    const response = await page.goto(mainPage);
    assert.equal(response.status(), 200);
    assert.equal(await text(page, '#printer-name'), main.name);
    assert.equal(await text(page, '#printer-id'), String(main.id));
    assert.equal(await text(page, '#printer-model'), 'Example PL-100', 'the model the device reported');
    assert.equal(await text(page, '#printer-state'), 'Ready');
    assert.match(await text(page, '#registered-at'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    assert.deepEqual(await firmwareRow(page, 'MainController'),
                     { name: 'MainController', version: '82.70', latest: '83.00' });
    assert.ok(await page.locator('#update-firmware').isVisible(), 'the Update button is shown');
    assert.equal(await page.locator('#update-pending').count(), 0);
    assert.ok(await page.locator('input[name=when][value=now]').isChecked(), '"now" is the default');

    // The stylesheet loaded under the page's Content-Security-Policy, and nothing failed.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(245, 247, 250)', 'the stylesheet is applied');
    assert.deepEqual(pageProblems, []);
    await screenshot(page, '1-admin-ready');
  });

  it('(2) schedules the update for a later time: the page says so and hides the button', async () => {
    const { page } = admin;
    // A whole minute a day ahead, in UTC, as the form's datetime-local field takes it.
    const at = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 16);
    await page.check('input[name=when][value=at]');
    await page.fill('input[name=at]', at);
    const response = await submit(page, '#update-firmware');
    assert.equal(response.status(), 200);
    assert.equal(page.url(), mainPage, 'the answer leads back to the printer page');

    const pending = await text(page, '#update-pending');
    assert.ok(pending.includes(`${at.replace('T', ' ')} UTC`), `the time is shown: ${pending}`);
    assert.ok(pending.includes('admin'), `who asked is shown: ${pending}`);
    assert.ok(pending.includes('MainController') && pending.includes('83.00'), pending);
    assert.equal(await page.locator('#update-firmware').count(), 0, 'no second request while one is pending');
    assert.deepEqual(pageProblems, []);
    await screenshot(page, '2-admin-update-pending');
  });

  it('(2b) the printer\'s acknowledgement clears the request and the button returns', async () => {
    const { page } = admin;
    device('main', 'acknowledge', '--requesting-user', 'admin');
    await page.reload();
    assert.equal(await page.locator('#update-pending').count(), 0);
    assert.ok(await page.locator('#update-firmware').isVisible(),
              '82.70 is still installed and 83.00 offered, nothing pending');
  });

  it('(3) a user without the update right sees no button and a forged POST is refused', async () => {
    const alice = await signedIn(browser, 'alice');
    try {
      const { page } = alice;
      await page.goto(mainPage);
      assert.equal(await text(page, '#printer-state'), 'Ready');
      assert.deepEqual(await firmwareRow(page, 'MainController'),
                       { name: 'MainController', version: '82.70', latest: '83.00' });
      assert.equal(await page.locator('#update-firmware').count(), 0);
      assert.equal(await page.locator('form[action$="/firmware-update"]').count(), 0);
      assert.ok(await page.locator('#update-not-allowed').isVisible(), 'alice is told why');
      await screenshot(page, '3-user-no-right');

      // The form posted by hand with alice's own session and her valid CSRF token.
      const csrf = await page.locator('form[action="/logout"] input[name=csrf]').inputValue();
      assert.ok(csrf.length > 0, 'alice\'s session has a CSRF token');
      const forged = await page.request.post(`${mainPage}/firmware-update`, {
        form: { csrf, component: 'MainController', when: 'now' },
        maxRedirects: 0,
      });
      assert.equal(forged.status(), 403);
      assert.match(await forged.text(), /firmware-update right/);
    } finally {
      await alice.context.close();
    }
    // Nothing was recorded: the administrator still sees the button and no pending request.
    await admin.page.reload();
    assert.equal(await admin.page.locator('#update-pending').count(), 0);
    assert.ok(await admin.page.locator('#update-firmware').isVisible());
  });

  it('(4) an updating printer shows "Updating" and no button, then Ready with 83.00', async () => {
    const { page } = admin;
    device('main', 'report', '--state', 'stopped', '--reasons', 'firmware-update-in-progress',
           '--message', 'installing MainController 83.00');
    await page.reload();
    assert.equal(await text(page, '#printer-state'), 'Updating');
    assert.equal(await page.locator('#update-firmware').count(), 0, 'no button while updating');
    assert.deepEqual(await firmwareRow(page, 'MainController'),
                     { name: 'MainController', version: '82.70', latest: '83.00' });
    await screenshot(page, '4-admin-updating');

    device('main', 'report', '--state', 'idle', '--reasons', 'none', '--message', '',
           '--firmware', 'MainController=83.00/');
    await page.reload();
    assert.equal(await text(page, '#printer-state'), 'Ready');
    assert.deepEqual(await firmwareRow(page, 'MainController'),
                     { name: 'MainController', version: '83.00', latest: '83.00' });
    assert.equal(await page.locator('#update-firmware').count(), 0, 'nothing newer: no button');
    assert.equal(await page.locator('#update-pending').count(), 0);
    assert.equal(await page.locator('#update-failed').count(), 0);
    assert.deepEqual(pageProblems, []);
    await screenshot(page, '4-admin-updated');
  });

  it('(5) the login page refuses a wrong password without saying which part was wrong', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    try {
      const page = await context.newPage();
      const attempt = async (user, password) => {
        await page.goto(`${fixture.cloud_url}/login`);
        await page.fill('#username', user);
        await page.fill('#password', password);
        const response = await submit(page, '#login');
        assert.equal(response.status(), 401, `${user}: refused`);
        assert.equal(new URL(page.url()).pathname, '/login');
        assert.equal(await page.locator('#password').inputValue(), '', 'the password is not echoed');
        return text(page, '#login-error');
      };
      const wrongPassword = await attempt('admin', `${fixture.users.admin.password}x`);
      await screenshot(page, '5-login-refused');
      const unknownUser = await attempt('nobody-here', fixture.users.admin.password);
      assert.equal(wrongPassword, unknownUser, 'the same message whatever was wrong');
      assert.doesNotMatch(wrongPassword, /unknown|no such|not found|does not exist|wrong password|password is/i);
      assert.deepEqual(await context.cookies(), [], 'no session was started');

      await page.goto(mainPage);
      assert.equal(new URL(page.url()).pathname, '/login', 'the printer page still wants a login');
    } finally {
      await context.close();
    }
  });

  it('shows text from printers and devices as text, never as markup', async () => {
    const { page } = admin;
    const shown = fixture.hostile_text;
    await page.evaluate(() => { window.__printlinkXss = undefined; });
    const response = await page.goto(`${fixture.cloud_url}/printers/${hostile.id}`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('#printer-name').textContent(), shown.name);
    assert.equal(await page.locator('#printer-model').textContent(), shown.model);
    assert.equal(await page.title(), `${shown.name} · printlink cloud`);
    const row = page.locator('tr[data-component]');
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-component'), shown.component);
    assert.equal(await row.locator('.fw-name').textContent(), shown.component);
    assert.ok((await page.locator('#update-failed').textContent()).includes(shown.message));
    assert.equal(await page.locator('main script, main img, main b, main i').count(), 0,
                 'no element came from the printer\'s text');
    assert.equal(await page.evaluate(() => window.__printlinkXss), undefined, 'nothing ran');
    await screenshot(page, '6-escaped-text');

    await page.goto(`${fixture.cloud_url}/printers`);
    const link = page.locator(`a[href="/printers/${hostile.id}"]`);
    assert.equal(await link.textContent(), shown.name);
    assert.equal(await page.locator('main script, main img, main b').count(), 0);
    assert.deepEqual(pageProblems, [], 'not even a script refused by the Content-Security-Policy');
  });
});
