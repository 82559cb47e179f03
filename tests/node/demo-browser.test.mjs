// The /demo page in headless Chromium (Debian's chromium, driven by npm's
// playwright-core): for each dialect it connects, sends a message, waits
// for the answer to stream in, reloads history where the dialect has it,
// and saves a screenshot under $PARLEY_ARTIFACTS (default build/artifacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, buildDir } from './lib/parleyd.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const artifacts = process.env.PARLEY_ARTIFACTS || path.join(buildDir, 'artifacts');
const CANNED = 'A quadratic equation has the form ax^2 + bx + c = 0';
let server, browser;

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  // Several small chunks with a delay, so the page really sees a stream.
  server = await startServer(['--brain', 'canned', '--canned-chunks', '12', '--canned-delay', '0.02']);
  browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function openDemo(dialect, user) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  await page.goto(server.url + '/demo');
  await page.selectOption('#dialect', dialect);
  await page.fill('#user', user);
  await page.click('#new');
  await page.waitForFunction(() => document.querySelector('#status').textContent === 'connected');
  return { page, problems };
}

async function ask(page, text) {
  await page.fill('#text', text);
  await page.click('#send');
}

// The last assistant bubble once it holds the whole answer (no longer streaming).
async function finalAnswer(page) {
  await page.waitForFunction((canned) => {
    const bots = [...document.querySelectorAll('.msg.bot')].filter((b) => !b.classList.contains('streaming'));
    return bots.some((b) => b.querySelector('.text').textContent.startsWith(canned) &&
                            b.querySelector('.text').textContent.endsWith('.'));
  }, CANNED, { timeout: 10000 });
  return page.$$eval('.msg.bot .text', (els) => els.map((e) => e.textContent));
}

for (const [dialect, hasHistory] of [['tutor', true], ['teach', false], ['improv', true], ['studymate', true]]) {
  test(`demo page: ${dialect} connects, streams an answer, reloads history`, async () => {
    const { page, problems } = await openDemo(dialect, `browser-${dialect}-${Date.now()}`);
    // Watch the answer grow: a streaming dialect shows partial text first.
    await ask(page, 'Can you explain quadratic equations?');
    const answers = await finalAnswer(page);
    assert.ok(answers.some((a) => a.startsWith(CANNED)), `answer shown: ${JSON.stringify(answers)}`);
    const users = await page.$$eval('.msg.user .text', (els) => els.map((e) => e.textContent));
    assert.ok(users.includes('Can you explain quadratic equations?'), `user message shown: ${users}`);
    assert.equal(await page.textContent('#typing'), '', 'typing indicator cleared after the answer');
    await page.screenshot({ path: path.join(artifacts, `demo-${dialect}.png`), fullPage: true });
    if (hasHistory) {
      await page.click('#reload');
      await page.waitForFunction(() => document.querySelectorAll('.msg.user').length >= 1 &&
                                       document.querySelectorAll('.msg.bot').length >= 1);
      const after = await page.$$eval('.msg .text', (els) => els.map((e) => e.textContent));
      assert.ok(after.includes('Can you explain quadratic equations?'), `history has the question: ${after}`);
      assert.ok(after.some((a) => a.startsWith(CANNED)), 'history has the answer');
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('demo page: the tutor stream is visible while it grows', async () => {
  const { page } = await openDemo('tutor', `browser-stream-${Date.now()}`);
  await ask(page, 'Explain quadratic equations slowly');
  // A bubble still marked streaming whose text is a proper prefix of the answer.
  await page.waitForFunction((canned) => {
    const b = document.querySelector('.msg.bot.streaming .text');
    return b && b.textContent.length > 0 && b.textContent.length < canned.length + 200;
  }, CANNED, { timeout: 10000 });
  await finalAnswer(page);
  await page.close();
});
