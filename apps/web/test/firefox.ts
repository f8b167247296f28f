// A small WebDriver BiDi client for Debian's firefox-esr (W3C WebDriver BiDi, https://w3c.github.io/webdriver-bidi/).
// playwright-core's own Firefox needs Playwright's patched build, and its BiDi channel ("moz-firefox")
// sends commands ESR 153 does not know (emulation.setMediaFeaturesOverride: "unknown command" on
// newPage), so the test speaks the protocol itself: one process, one fresh profile, one tab.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIREFOX = process.env.SURVKIT_FIREFOX ?? '/usr/bin/firefox-esr';

/** Why the Firefox test cannot run here, or null. Outside CI only: with CI=true a missing Firefox fails. */
export function firefoxSkipReason(): string | null {
  if (existsSync(FIREFOX) || process.env.CI === 'true') return null;
  return `no Firefox at ${FIREFOX} (apt-get install -y firefox-esr; .ci/run does this)`;
}

// Profile preferences (user.js): BiDi only; downloads go to our directory without a dialog; and
// Firefox's own default for file: pages, which the remote agent's recommended preferences turn off
// ("Local documents have access to all other local documents") unless the profile sets it.
function userJs(downloadDir: string): string {
  const prefs: Record<string, string | number | boolean> = {
    'remote.active-protocols': 1,
    'security.fileuri.strict_origin_policy': true,
    'browser.download.dir': downloadDir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
    .join('');
}

type Params = Record<string, unknown>;
interface Pending {
  resolve: (result: Params) => void;
  reject: (error: Error) => void;
}

export interface Firefox {
  readonly version: string;
  /** The tab's top-level browsing context. */
  readonly context: string;
  /** Where the profile sends downloads. */
  readonly downloadDir: string;
  send(method: string, params?: Params): Promise<Params>;
  on(event: string, listener: (params: Params) => void): void;
  /** Runs `fn(...args)` in the page (awaited) and returns its result through JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: page functions take any JSON arguments
  evaluate<T>(fn: (...args: any[]) => T | Promise<T>, ...args: unknown[]): Promise<T>;
  /** Polls `fn(...args)` in the page until it is truthy. */
  // biome-ignore lint/suspicious/noExplicitAny: page functions take any JSON arguments
  waitFor(what: string, fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<void>;
  /** A reference to the first element matching `selector`, for commands such as input.setFiles. */
  element(selector: string): Promise<{ sharedId: string }>;
  /** The whole document as PNG bytes. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Starts headless Firefox on a fresh profile and opens a BiDi session; everything is removed by close(). */
export async function launchFirefox({ timeoutMs = 60_000, waitMs = 180_000 } = {}): Promise<Firefox> {
  if (!existsSync(FIREFOX))
    throw new Error(
      `no Firefox at ${FIREFOX}: with CI=true the Firefox test must run (.ci/run installs firefox-esr)`,
    );
  if (!('WebSocket' in globalThis))
    throw new Error(
      'no global WebSocket: Node 22+, or Node 20 with --experimental-websocket (vitest.config.ts)',
    );
  const profile = mkdtempSync(join(tmpdir(), 'survkit-firefox-'));
  const downloadDir = join(profile, 'downloads');
  writeFileSync(join(profile, 'user.js'), userJs(downloadDir));
  const child = spawn(
    FIREFOX,
    ['--headless', '--no-remote', '--remote-debugging-port=0', '--profile', profile],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
    },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const cleanup = async () => {
    process.removeListener('exit', kill);
    // A process that never started (spawn error) has no pid and sends no 'exit'.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const url = await bidiUrl(child, timeoutMs);
    return await connect(url, child, downloadDir, cleanup, timeoutMs, waitMs);
  } catch (error) {
    kill();
    await cleanup();
    throw error;
  }
}

/** Firefox prints "WebDriver BiDi listening on ws://127.0.0.1:PORT" on stderr once it is ready. */
function bidiUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const done = () => {
      clearTimeout(timer);
      child.off('error', onError).off('exit', onExit);
      child.stderr?.off('data', onData).resume(); // keep draining stderr, unread
    };
    const fail = (why: string) => {
      done();
      reject(new Error(`firefox: ${why}\n${log.slice(-2000)}`));
    };
    const onError = (e: Error) => fail(e.message);
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (${code ?? signal}) before listening`);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = log.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (match === null) return;
      done();
      resolve(match[1]!);
    };
    const timer = setTimeout(() => fail(`no BiDi endpoint within ${timeoutMs} ms`), timeoutMs);
    child.on('error', onError).on('exit', onExit);
    child.stderr?.on('data', onData);
  });
}

async function connect(
  url: string,
  child: ChildProcess,
  downloadDir: string,
  cleanup: () => Promise<void>,
  timeoutMs: number,
  waitMs: number,
): Promise<Firefox> {
  const socket = new WebSocket(`${url}/session`);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`firefox: cannot open ${url}/session`)), {
      once: true,
    });
  });
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, ((params: Params) => void)[]>();
  socket.addEventListener('message', (e: MessageEvent<string>) => {
    const message = JSON.parse(e.data) as { id?: number; type: string; method?: string } & Params;
    if (message.type === 'event') {
      for (const listener of listeners.get(message.method!) ?? []) listener(message.params as Params);
      return;
    }
    const call = pending.get(message.id!);
    pending.delete(message.id!);
    if (message.type === 'success') call?.resolve(message.result as Params);
    else call?.reject(new Error(`firefox: ${message.error}: ${message.message}`));
  });
  socket.addEventListener('close', () => {
    for (const call of pending.values()) call.reject(new Error('firefox: the BiDi connection closed'));
    pending.clear();
  });
  const send = (method: string, params: Params = {}): Promise<Params> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`firefox: ${method} took over ${waitMs} ms`));
      }, waitMs);
      pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.send(JSON.stringify({ id, method, params }));
    });

  const session = await send('session.new', { capabilities: {} });
  const tree = await send('browsingContext.getTree', { maxDepth: 0 });
  const context = (tree.contexts as { context: string }[])[0]!.context;
  const target = { context };
  const evaluate = async <T>(fn: (...args: never[]) => unknown, ...args: unknown[]): Promise<T> => {
    const expression = `(async () => JSON.stringify(await (${String(fn)})(...${JSON.stringify(args)})))()`;
    const run = await send('script.evaluate', {
      expression,
      target,
      awaitPromise: true,
      userActivation: true,
    });
    if (run.type === 'exception') {
      const details = run.exceptionDetails as { text: string };
      throw new Error(`firefox: page function threw: ${details.text}`);
    }
    const value = (run.result as { type: string; value?: string }).value;
    return (value === undefined ? undefined : JSON.parse(value)) as T;
  };
  return {
    version: (session.capabilities as { browserVersion: string }).browserVersion,
    context,
    downloadDir,
    send,
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    evaluate,
    async waitFor(what, fn, ...args) {
      const until = Date.now() + waitMs;
      while (!(await evaluate(fn, ...args))) {
        if (Date.now() > until) throw new Error(`firefox: waited ${waitMs} ms for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async element(selector) {
      const run = await send('script.evaluate', {
        expression: `document.querySelector(${JSON.stringify(selector)})`,
        target,
        awaitPromise: false,
      });
      const node = run.result as { type: string; sharedId?: string };
      if (node.type !== 'node' || node.sharedId === undefined)
        throw new Error(`firefox: no element ${selector}`);
      return { sharedId: node.sharedId };
    },
    async screenshot() {
      const shot = await send('browsingContext.captureScreenshot', { context, origin: 'document' });
      return Buffer.from(shot.data as string, 'base64');
    },
    async close() {
      // browser.close ends the session and the browser; past timeoutMs the process is signalled.
      const closed = new Promise((resolve) => socket.addEventListener('close', resolve, { once: true }));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        send('browser.close').then(() => closed),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]).catch(() => undefined);
      clearTimeout(timer);
      socket.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      await cleanup();
    },
  };
}
