// Test 1: the product document's Quick Start ("Create the Streams API", "Secure the API") done in the dashboard by the
// document's labels, from login to a created key; then a `ws` client with that key receives the stream's messages.
import WebSocket from 'ws';
import { axe, browser, check, env, login, screenshot, until } from './lib.mjs';

const DASHBOARD = env('DASHBOARD_URL');
const GATEWAY = env('GATEWAY_URL');
const API_NAME = `Quickstart events ${Date.now().toString(36)}`;
const POLICY_NAME = `Quickstart policy ${Date.now().toString(36)}`;

const b = await browser();
const page = b.page;
try {
  // Log in with the printed admin login.
  await page.goto(DASHBOARD);
  await page.getByRole('heading', { name: 'Sluice Dashboard' }).waitFor();
  await axe(page, 'login');
  await screenshot(page, 'dashboard-login');
  await login(page, DASHBOARD, env('ADMIN_EMAIL'), env('ADMIN_PASSWORD'));
  const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
  for (const section of ['APIs', 'Streams & Events', 'Policies', 'Keys', 'Analytics', 'Portal']) {
    await sidebar.getByRole('link', { name: section, exact: true }).waitFor();
  }

  // Create the Streams API: 1. Streams & Events from the sidebar.
  await sidebar.getByRole('link', { name: 'Streams & Events' }).click();
  await page.getByRole('heading', { name: 'Streams & Events' }).waitFor();
  await axe(page, 'wizard: name');
  // 2. A unique API name, the Streams option, Continue.
  await page.getByRole('textbox', { name: 'API name' }).fill(API_NAME);
  await page.getByRole('radio', { name: 'Streams' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  // 3. Inputs, one processor, outputs: forms generated from the component specs.
  const inputs = page.getByRole('group', { name: 'Inputs' });
  await inputs.getByRole('checkbox', { name: 'generate', exact: true }).check();
  const generate = page.getByRole('group', { name: 'Input: generate' });
  await generate.getByRole('textbox', { name: 'mapping' }).fill('root = {"n": counter(), "msg": "hello from the quick start"}');
  await generate.getByRole('textbox', { name: 'interval' }).fill('200ms');
  await page.getByRole('combobox', { name: 'Processor' }).selectOption('mapping');
  await page.getByRole('group', { name: 'Processor: mapping' }).getByRole('textbox', { name: 'mapping' })
    .fill('root = this\nroot.shout = this.msg.uppercase()');
  const outputs = page.getByRole('group', { name: 'Outputs' });
  await outputs.getByRole('checkbox', { name: 'http_server', exact: true }).check();
  const server = page.getByRole('group', { name: 'Output: http_server' });
  await server.getByRole('textbox', { name: 'ws_path' }).fill('/ws');
  await server.getByRole('textbox', { name: 'stream_path' }).fill('/sse');
  await server.getByRole('combobox', { name: 'ws_message_type' }).selectOption('text');
  await axe(page, 'wizard: components');
  await screenshot(page, 'dashboard-streams-wizard');
  // The Advanced checkbox shows the same stream as YAML.
  await page.getByRole('checkbox', { name: 'Advanced' }).check();
  await until('the Advanced YAML editor', async () => (await page.getByRole('textbox', { name: 'YAML' }).inputValue()).includes('generate'));
  await page.getByRole('checkbox', { name: 'Advanced' }).uncheck();
  // 4. Finish: the API Details page.
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('heading', { name: `API Details: ${API_NAME}` }).waitFor();

  // 5. The generated YAML, linted live by the server as it is edited (line:column).
  const yaml = page.getByRole('textbox', { name: 'YAML' });
  const generated = await yaml.inputValue();
  check(generated.includes('generate:') && generated.includes('http_server:') && generated.includes('uppercase()'), `generated YAML: ${generated}`);
  const lint = page.getByRole('list', { name: 'Lint problems' });
  await lint.getByText('No problems found.').waitFor();
  await yaml.fill(generated.replace('interval:', 'intervall:'));
  const problem = lint.getByRole('listitem').filter({ hasText: "did you mean 'interval'" });
  await problem.waitFor();
  const line = generated.split('\n').findIndex((l) => l.includes('interval:')) + 1;
  const text = await problem.textContent();
  check(text.startsWith(`${line}:5 `), `lint points at line ${line}, column 5: "${text}"`);
  await yaml.fill(generated);
  await lint.getByText('No problems found.').waitFor();

  // 6. Authentication, gateway status, access. 7. Save API.
  await page.getByRole('radio', { name: 'API Key' }).check();
  await page.getByRole('radio', { name: 'Active' }).check();
  await page.getByRole('radio', { name: 'External' }).check();
  await axe(page, 'API details (new)');
  await page.getByRole('button', { name: 'Save API' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'API saved. API ID:' });
  await saved.waitFor();
  const apiId = (await saved.textContent()).replace(/^.*API ID:\s*/, '').trim();
  check(apiId.length > 0, 'an API ID is assigned');
  // The page shows the stream's live state.
  const live = page.getByRole('region', { name: 'Live stream state' });
  await live.getByText('CONNECTED').first().waitFor({ timeout: 20_000 });
  await until('messages flowing', async () => /Messages in\s*[1-9]/.test(await live.innerText()));
  await live.getByRole('list', { name: /Recent messages/ }).getByText('hello from the quick start').first().waitFor();
  await axe(page, 'API details (saved, live state)');
  await screenshot(page, 'dashboard-api-details');

  // The API appears in the APIs listing with its ID.
  await sidebar.getByRole('link', { name: 'APIs', exact: true }).click();
  await page.getByRole('heading', { name: 'APIs', exact: true }).waitFor();
  const row = page.getByRole('row').filter({ hasText: API_NAME });
  await row.waitFor();
  check((await row.textContent()).includes(apiId), 'the API listing shows the API ID');
  await axe(page, 'APIs');
  await screenshot(page, 'dashboard-apis');

  // Secure the API: 1. Policies, Add Policy. 2. Select the Streams API. 3. Limits and configuration. 4. Create Policy.
  await sidebar.getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'Add Policy' }).click();
  await page.getByRole('group', { name: 'Access Rights' }).getByRole('checkbox', { name: API_NAME }).check();
  await page.getByRole('spinbutton', { name: 'Rate' }).fill('1000');
  await page.getByRole('spinbutton', { name: 'Per (seconds)' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Throttle retry limit' }).fill('3');
  await page.getByRole('spinbutton', { name: 'Throttle interval (seconds)' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Quota' }).fill('100000');
  await page.getByRole('combobox', { name: 'Quota resets' }).selectOption({ label: 'Every hour' });
  await page.getByRole('textbox', { name: 'Policy name' }).fill(POLICY_NAME);
  await page.getByRole('combobox', { name: 'Key expires after' }).selectOption({ label: '1 day' });
  await axe(page, 'Policies (new policy form)');
  await screenshot(page, 'dashboard-policies');
  await page.getByRole('button', { name: 'Create Policy' }).click();
  await page.getByRole('status').filter({ hasText: `Policy "${POLICY_NAME}" created` }).waitFor();
  await page.getByRole('row').filter({ hasText: POLICY_NAME }).waitFor();

  // 5. Keys, Add Key. 6. The policy under Access Rights, with the applied limits. 7. Create Key: Key ID and Key Hash.
  await sidebar.getByRole('link', { name: 'Keys' }).click();
  await page.getByRole('button', { name: 'Add Key' }).click();
  await page.getByRole('tab', { name: 'Access Rights' }).click();
  await page.getByRole('radio', { name: POLICY_NAME }).check();
  const limits = page.getByRole('region', { name: 'Applied limits' });
  await limits.getByText('Rate limit: 1000 per 1 s').waitFor();
  await limits.getByText('Usage quota: 100000 per 3600 s').waitFor();
  await limits.getByText('Key expiry: 1 day').waitFor();
  await axe(page, 'Keys (new key form)');
  await page.getByRole('button', { name: 'Create Key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Key created' });
  await dialog.waitFor();
  const keyId = await dialog.getByRole('textbox', { name: 'Key ID' }).inputValue();
  const keyHash = await dialog.getByRole('textbox', { name: 'Key Hash' }).inputValue();
  check(keyId.length >= 16 && !/\s/.test(keyId), `Key ID looks like a key: ${keyId}`);
  check(keyHash.length > 0 && keyHash !== keyId, 'a Key Hash different from the Key ID');
  await axe(page, 'Keys (key created dialog)');
  await screenshot(page, 'dashboard-key-created');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Test the API: a ws client with that key receives the stream's messages.
  const listenPath = `/${API_NAME.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const url = `${GATEWAY.replace(/^http/, 'ws')}${listenPath}/ws`;
  const received = await new Promise((resolve, reject) => {
    const messages = [];
    const socket = new WebSocket(url, { headers: { Authorization: keyId } });
    const timer = setTimeout(() => { socket.terminate(); reject(new Error(`only ${messages.length} message(s) from ${url} in 15 s`)); }, 15_000);
    socket.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      if (messages.length === 3) { clearTimeout(timer); socket.close(); resolve(messages); }
    });
    socket.on('unexpected-response', (req, res) => { clearTimeout(timer); req.destroy(); reject(new Error(`${url} refused the key: HTTP ${res.statusCode}`)); });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  check(received.every((m) => m.shout === 'HELLO FROM THE QUICK START' && Number.isInteger(m.n)), `messages: ${JSON.stringify(received)}`);
  check(received[1].n > received[0].n, 'messages arrive in order');
  // Without a key the same endpoint refuses the upgrade.
  const refused = await new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (req, res) => { req.destroy(); resolve(res.statusCode); });
    socket.on('open', () => { socket.close(); resolve(101); });
    socket.on('error', () => resolve(-1));
  });
  check(refused === 401, `no key: HTTP ${refused}`);

  // Analytics and the Portal page.
  await sidebar.getByRole('link', { name: 'Analytics' }).click();
  await page.getByRole('heading', { name: 'Analytics' }).waitFor();
  const chart = page.getByRole('img', { name: new RegExp(`^${API_NAME}: `) });
  // The page samples every 2 s and draws a point from each sample after the first: two points show that samples
  // add to the line (more points would only wait longer, 2 s each).
  await until('two points on the chart of the API', async () => Number(await chart.getAttribute('data-points')) >= 2, 30_000);
  check(/: [1-9][0-9.]* messages in/.test(await chart.getAttribute('aria-label')), 'the chart shows messages per second');
  await page.getByRole('img', { name: /quota units used per second/ }).first().waitFor();
  await axe(page, 'Analytics');
  await screenshot(page, 'dashboard-analytics');
  await sidebar.getByRole('link', { name: 'Portal' }).click();
  await page.getByRole('heading', { name: 'Portal', exact: true }).waitFor();
  await axe(page, 'Portal (dashboard)');

  const problems = b.problems();
  check(problems.length === 0, `the pages logged errors: ${problems.join('\n')}`);
  console.log(`RESULT api_id=${apiId} key_hash=${keyHash} messages=${received.length}`);
  console.log('PASS quickstart');
} catch (e) {
  await screenshot(page, 'failure-quickstart').catch(() => {});
  console.error(e.stack ?? String(e));
  process.exitCode = 1;
} finally {
  await b.close();
}
