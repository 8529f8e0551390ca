// Test 2: the developer portal ("Monetize APIs using Developer Portal"). The API owner publishes an async API whose
// stream has a portal_webhook output; a developer signs up, creates an app, gets a key under the product's policy and
// subscribes two webhook URLs. Test HTTP servers receive the signed events and verify every signature; the failing
// subscriber is retried, then dead-lettered, while the healthy one keeps receiving; a replay delivers the dead letters.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import WebSocket from 'ws';
import { axe, browser, check, env, login, screenshot, until } from './lib.mjs';

const DASHBOARD = env('DASHBOARD_URL');
const PORTAL = env('PORTAL_URL');
const GATEWAY = env('GATEWAY_URL');
const RUN = Date.now().toString(36);
const API_NAME = `Trades ${RUN}`;
const POLICY_NAME = `Trades policy ${RUN}`;
const PRODUCT_NAME = `Live trades ${RUN}`;
const EVENT = 'trade.created';
const REPLAY_WINDOW_SECONDS = 300;

/** A webhook receiver that checks each request's signature the way the portal documents it. */
function receiver(secret) {
  const state = { failing: false, requests: [], badSignatures: 0, delivered: new Set(), attemptsById: new Map() };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const timestamp = req.headers['sluice-webhook-timestamp'];
      const signature = String(req.headers['sluice-webhook-signature'] ?? '');
      const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
      const given = Buffer.from(signature.replace(/^v1=/, ''), 'hex');
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= REPLAY_WINDOW_SECONDS;
      const valid = given.length === expected.length && timingSafeEqual(given, expected) && fresh;
      const id = req.headers['sluice-webhook-id'];
      if (!valid) state.badSignatures += 1;
      state.attemptsById.set(id, (state.attemptsById.get(id) ?? 0) + 1);
      state.requests.push({ id, event: req.headers['sluice-webhook-event'], body: JSON.parse(body.toString()), valid });
      if (state.failing) {
        res.writeHead(500).end('not today');
      } else {
        state.delivered.add(id);
        res.writeHead(204).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ state, server, url: `http://127.0.0.1:${server.address().port}/hooks` })));
}

const healthy = await receiver('healthy-secret-0123456789');
const flaky = await receiver('flaky-secret-9876543210');
flaky.state.failing = true;

const b = await browser();
const page = b.page;
try {
  // The API owner: an async API whose stream also publishes webhook events (Advanced: the YAML editor).
  await login(page, DASHBOARD, env('ADMIN_EMAIL'), env('ADMIN_PASSWORD'));
  const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
  await sidebar.getByRole('link', { name: 'Streams & Events' }).click();
  await page.getByRole('textbox', { name: 'API name' }).fill(API_NAME);
  await page.getByRole('radio', { name: 'Streams' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('checkbox', { name: 'Advanced' }).check();
  await page.getByRole('textbox', { name: 'YAML' }).fill([
    'input:',
    '  generate:',
    '    interval: 250ms',
    '    mapping: \'root = {"trade": counter(), "price": 100 + counter()}\'',
    'output:',
    '  broker:',
    '    pattern: fan_out',
    '    outputs:',
    '      - http_server:',
    '          ws_path: /ws',
    '          ws_message_type: text',
    '      - portal_webhook:',
    `          event_type: ${EVENT}`,
    `          portal_url: ${PORTAL}`,
    `          secret: ${env('PORTAL_SECRET')}`,
    '',
  ].join('\n'));
  await page.getByRole('list', { name: 'Lint problems' }).getByText('No problems found.').waitFor();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('radio', { name: 'API Key' }).check();
  await page.getByRole('button', { name: 'Save API' }).click();
  await page.getByRole('status').filter({ hasText: 'API saved. API ID:' }).waitFor();

  await sidebar.getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'Add Policy' }).click();
  await page.getByRole('group', { name: 'Access Rights' }).getByRole('checkbox', { name: API_NAME }).check();
  await page.getByRole('spinbutton', { name: 'Rate' }).fill('100');
  await page.getByRole('spinbutton', { name: 'Per (seconds)' }).fill('1');
  await page.getByRole('textbox', { name: 'Policy name' }).fill(POLICY_NAME);
  await page.getByRole('button', { name: 'Create Policy' }).click();
  await page.getByRole('row').filter({ hasText: POLICY_NAME }).waitFor();

  // Publish the product with webhooks and its events.
  await sidebar.getByRole('link', { name: 'Portal' }).click();
  await page.getByRole('button', { name: 'Add Product' }).click();
  await page.getByRole('textbox', { name: 'Product name' }).fill(PRODUCT_NAME);
  await page.getByRole('combobox', { name: 'API', exact: true }).selectOption({ label: API_NAME });
  await page.getByRole('combobox', { name: 'Policy for issued keys' }).selectOption({ label: POLICY_NAME });
  await page.getByRole('textbox', { name: 'Documentation' }).fill('Every trade as it happens, over WebSocket or as webhooks.');
  await page.getByRole('textbox', { name: 'Example message' }).fill('{"trade": 42, "price": 142}');
  await page.getByRole('checkbox', { name: 'Published' }).check();
  await page.getByRole('checkbox', { name: 'Webhooks' }).check();
  await page.getByRole('textbox', { name: 'Events' }).fill(EVENT);
  await axe(page, 'Portal (dashboard, new product)');
  await page.getByRole('button', { name: 'Save Product' }).click();
  await page.getByRole('row').filter({ hasText: PRODUCT_NAME }).waitFor();

  // The developer: the catalogue, sync and async, with endpoints, auth and the message format.
  await page.goto(PORTAL);
  await page.getByRole('heading', { name: 'API Catalogue' }).waitFor();
  const card = page.getByRole('article', { name: PRODUCT_NAME });
  await card.getByText('Async API').waitFor();
  await card.getByText(/\/ws$/).waitFor();
  await card.getByText(EVENT, { exact: true }).waitFor();
  await card.getByText('{"trade": 42, "price": 142}').waitFor();
  await axe(page, 'portal catalogue');
  await screenshot(page, 'portal-catalogue');

  // Its AsyncAPI document, generated by the gateway: the WebSocket channel with its path, operations, security, payload.
  await card.getByRole('link', { name: `AsyncAPI document of ${PRODUCT_NAME}` }).click();
  await page.getByRole('heading', { name: `AsyncAPI: ${API_NAME}` }).waitFor();
  const channels = page.getByRole('region', { name: 'Channels' });
  const wsChannel = channels.getByRole('article').filter({ has: page.locator('code', { hasText: /^\/ws$/ }) });
  await wsChannel.getByRole('heading', { name: /_ws$/ }).waitFor();
  await wsChannel.getByText('send', { exact: true }).waitFor();
  check(/ws/.test(await wsChannel.getByRole('definition').nth(1).textContent()), 'the WebSocket channel names its protocol');
  await page.getByRole('region', { name: 'Security schemes' }).getByText(/API key/).first().waitFor();
  const download = await page.getByRole('link', { name: 'Download the AsyncAPI document (JSON)' }).getAttribute('href');
  const raw = await (await fetch(new URL(download, PORTAL))).json();
  check(raw.asyncapi === '3.0.0', `the raw document: ${JSON.stringify(raw).slice(0, 200)}`);
  await axe(page, 'portal AsyncAPI document');
  await screenshot(page, 'portal-asyncapi');
  await page.getByRole('link', { name: '← Catalogue' }).click();
  await page.getByRole('heading', { name: 'API Catalogue' }).waitFor();

  // Sign up, then My Apps.
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await page.getByRole('heading', { name: 'Create a developer account' }).waitFor();
  await axe(page, 'portal sign-up');
  await page.getByLabel('Email').fill(`dev-${RUN}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'My Apps' }).waitFor();
  await page.getByRole('textbox', { name: 'App name' }).fill('Trading bot');
  await axe(page, 'portal my apps');
  await page.getByRole('button', { name: 'Create App' }).click();
  await page.getByRole('heading', { name: 'Trading bot' }).waitFor();

  // A key under the product's policy, shown once; it opens the async API.
  await page.getByRole('combobox', { name: 'Product' }).selectOption({ label: PRODUCT_NAME });
  await page.getByRole('button', { name: 'Request Key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new key' });
  const key = await until('the key in the dialog', async () => dialog.getByRole('textbox', { name: 'Key ID' }).inputValue());
  await dialog.getByRole('button', { name: 'Close' }).click();
  const listenPath = `/${API_NAME.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const firstMessage = await new Promise((resolve, reject) => {
    const socket = new WebSocket(`${GATEWAY.replace(/^http/, 'ws')}${listenPath}/ws?key=${encodeURIComponent(key)}`);
    const timer = setTimeout(() => { socket.terminate(); reject(new Error('no message over WebSocket with the portal key')); }, 15_000);
    socket.on('message', (d) => { clearTimeout(timer); socket.close(); resolve(JSON.parse(d.toString())); });
    socket.on('unexpected-response', (q, r) => { clearTimeout(timer); q.destroy(); reject(new Error(`the portal key was refused: HTTP ${r.statusCode}`)); });
  });
  check(Number.isInteger(firstMessage.trade), `a trade over WebSocket: ${JSON.stringify(firstMessage)}`);

  // Webhooks: Subscribe with Webhook URL, HMAC Secret and Events; one healthy subscriber, one failing.
  for (const [target, secret] of [[healthy, 'healthy-secret-0123456789'], [flaky, 'flaky-secret-9876543210']]) {
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await page.getByRole('textbox', { name: 'Webhook URL' }).fill(target.url);
    await page.getByRole('textbox', { name: 'HMAC Secret' }).fill(secret);
    await page.getByRole('group', { name: 'Events' }).getByRole('checkbox', { name: EVENT }).check();
    await page.getByRole('button', { name: 'Save Subscription' }).click();
    await page.getByRole('group', { name: target.url }).waitFor();
  }

  // Signed events arrive; the failing subscriber gets retries, then its deliveries are dead letters.
  await until('events at the healthy subscriber', () => healthy.state.delivered.size >= 5);
  await until('a delivery retried three times', () => [...flaky.state.attemptsById.values()].some((n) => n >= 3));
  const flakyCard = page.getByRole('group', { name: flaky.url });
  await until('dead letters shown in the portal', async () => /^[1-9]\d* delivery\(ies\) gave up/.test(
    (await flakyCard.getByText(/gave up after all retries/).textContent()) ?? ''));
  await flakyCard.getByText('the subscriber answered HTTP 500').first().waitFor();
  const healthyBefore = healthy.state.delivered.size;
  await until('the healthy subscriber keeps receiving', () => healthy.state.delivered.size >= healthyBefore + 3);
  await page.getByRole('group', { name: healthy.url }).getByText('delivered', { exact: true }).first().waitFor();
  await axe(page, 'portal app (subscriptions, delivery logs)');
  await screenshot(page, 'portal-app-webhooks');

  // Replay: once the subscriber works again, its dead letters are delivered.
  const deadIds = [...flaky.state.attemptsById.entries()].filter(([, n]) => n >= 3).map(([id]) => id);
  flaky.state.failing = false;
  await flakyCard.getByRole('button', { name: 'Replay dead letters' }).click();
  await flakyCard.getByRole('status').filter({ hasText: 'queued again' }).waitFor();
  await until('replayed dead letters delivered', () => deadIds.every((id) => flaky.state.delivered.has(id)));

  for (const r of [healthy, flaky]) {
    check(r.state.badSignatures === 0, `${r.state.badSignatures} request(s) with a bad signature at ${r.url}`);
    check(r.state.requests.every((q) => q.event === EVENT && q.body.type === EVENT && Number.isInteger(q.body.data.trade)),
      `event bodies at ${r.url}: ${JSON.stringify(r.state.requests.slice(0, 2))}`);
  }
  const problems = b.problems();
  check(problems.length === 0, `the pages logged errors: ${problems.join('\n')}`);
  console.log(`RESULT healthy=${healthy.state.delivered.size} flaky_attempts=${flaky.state.requests.length} replayed=${deadIds.length}`);
  console.log('PASS portal');
} catch (e) {
  await screenshot(page, 'failure-portal').catch(() => {});
  console.error(e.stack ?? String(e));
  process.exitCode = 1;
} finally {
  await b.close();
  healthy.server.close();
  flaky.server.close();
}
