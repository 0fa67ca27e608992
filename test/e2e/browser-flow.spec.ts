import { expect } from 'chai';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchOrSkip } from '../support/chromium.js';
import { startStack, type Stack } from '../support/start-stack.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Screenshots go to docs/ only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean. */
const SHOT_DIR = process.env['UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : 'test-output/screenshots';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
}

/** Runs axe-core in the page; returns serious and critical violations. */
async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // A string, so this Node-side file needs no DOM types.
  const violations = await page.evaluate<AxeViolation[]>('axe.run().then((r) => r.violations)');
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('Browser: the demo flow in headless chromium (e2e)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let stack: Stack;

  before(async function () {
    browser = await launchOrSkip(this);
    stack = await startStack();
    mkdirSync(SHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in, consents, shows identity and endpoints, and logs out', async () => {
    // axe is injected as a script, which our CSP (rightly) forbids; only the audit context bypasses it.
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(`${stack.appUrl}/`);
    expect(await page.getByText('Demo Globus').first().isVisible()).to.equal(true);
    expect(await seriousA11yViolations(page), 'fake sign-in page').to.deep.equal([]);
    await page.getByRole('button', { name: 'Sign in as Jane Doe' }).click();
    expect(await page.getByText('Manage your data using Globus Transfer').isVisible()).to.equal(true);
    expect(await seriousA11yViolations(page), 'fake consent page').to.deep.equal([]);
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(`${stack.appUrl}/`);
    expect(await page.locator('h1').innerText()).to.contain('Jane Doe');
    expect(await page.locator('main').innerText()).to.contain('jdoe@uchicago.edu').and.to.contain('University of Chicago');
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: `${SHOT_DIR}/home.png` });

    await page.getByRole('link', { name: 'My endpoints' }).first().click();
    await page.waitForURL(`${stack.appUrl}/endpoints`);
    expect(await page.locator('tbody tr').count()).to.equal(3);
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: `${SHOT_DIR}/endpoints.png` });

    await page.goto(`${stack.appUrl}/no-such-page`);
    expect(await page.locator('h1').innerText()).to.equal('Page not found');
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: `${SHOT_DIR}/error.png` });

    await page.goto(`${stack.appUrl}/`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/v2/web/logout');
    expect(await page.locator('body').innerText()).to.contain('logged out');
    const revoked = new Set(stack.fake.inspect.revokedTokens());
    const janes = stack.fake.inspect.issuedTokens().filter((t) => t.client_id === stack.config.globus.clientId);
    expect(janes.length).to.be.greaterThan(0);
    for (const t of janes) expect(revoked.has(t.access_token)).to.equal(true);

    await page.getByRole('link', { name: /Continue to/ }).click();
    // Logged out: the app sends the browser to Globus again.
    await page.waitForURL((url) => url.pathname.startsWith('/fake/sign-in'));
    expect(pageErrors).to.deep.equal([]);
    await context.close();
  });

  it('has an accessibility check that does catch serious violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<html><body><img src="data:,"><input type="text"></body></html>');
    const ids = (await seriousA11yViolations(page)).map((v) => v.id);
    expect(ids).to.include.members(['image-alt', 'label']);
    await context.close();
  });

  it('holds to the CSP: no inline script runs and no resource is blocked on our pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${stack.appUrl}/logout`);
    expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).to.contain('system-ui');
    expect(violations).to.deep.equal([]);
    await context.close();
  });
});
