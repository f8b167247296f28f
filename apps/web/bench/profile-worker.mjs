// Where the page's time goes: CPU profiles of the analysis worker (CDP Profiler on the worker target)
// and of the page's own thread while the page analyses a CSV, each summarised as self time per
// function. Not a test.
//   node bench/profile-worker.mjs DIST_DIR DATA.csv DICTIONARY.json PLAN.json [OUT.cpuprofile]
// Build DIST_DIR unminified for readable names: pnpm exec vite build --minify false --outDir /tmp/x
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const [dist, ...rest] = process.argv.slice(2);
const files = rest.filter((f) => !f.endsWith('.cpuprofile'));
const out = rest.find((f) => f.endsWith('.cpuprofile'));
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  if (!existsSync(file)) return void res.writeHead(404).end();
  const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' }[extname(file)];
  res.writeHead(200, { 'content-type': type ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: process.env.SURVKIT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const workerSession = new Promise((resolve) =>
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    }),
  );
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const sessionId = await workerSession;
  await page.waitForSelector('html[data-worker="ready"]', { state: 'attached', timeout: 600_000 });
  let nextId = 1;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    if (msg.id !== undefined && pending.has(msg.id)) pending.get(msg.id)(msg);
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 1000 });
  await send('Profiler.start');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const t0 = performance.now();
  await page.setInputFiles('#file', files);
  await page.waitForSelector('[data-testid="table1"]', { timeout: 900_000 });
  const seconds = (performance.now() - t0) / 1000;
  const { result } = await send('Profiler.stop');
  const pageProfile = (await cdp.send('Profiler.stop')).profile;
  const timing = await page.textContent('[data-testid="timing"]');
  if (out !== undefined) writeFileSync(out, JSON.stringify(result.profile));
  console.log(`page: ${seconds.toFixed(1)} s (${timing})`);
  summarise('worker', result.profile, 30);
  summarise("page's thread", pageProfile, 10);
} finally {
  await browser.close();
  server.close();
}

/** Self time per function of a CDP profile, the `top` largest. */
function summarise(label, { nodes, samples, timeDeltas }, top) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  samples.forEach((s, i) => {
    const f = byId.get(s).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.slice(-30)}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle) :-1') ?? 0;
  console.log(`${label} profile: ${(total / 1e6).toFixed(1)} s, of which idle ${(idle / 1e6).toFixed(1)} s`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
}
