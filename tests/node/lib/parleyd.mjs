// Starting a real parleyd (or parley-testd) for Node tests: a free port on
// 127.0.0.1, a temporary data directory, and a clean stop.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

export const buildDir = process.env.PARLEY_BUILD_DIR ||
  path.join(import.meta.dirname ?? '.', '..', '..', '..', 'build');

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** Resolves once something accepts connections on the port (5 s at most). */
export async function waitListening(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * Starts build/<binary> with --port and --data-dir plus args. Returns
 * {port, url, dataDir, stop()}; stop() sends SIGTERM, waits for the exit
 * and removes the data directory.
 */
export async function startServer(args = [], binary = 'parleyd') {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-'));
  const proc = spawn(path.join(buildDir, binary), ['--port', String(port), '--data-dir', dataDir, ...args],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  await waitListening(port);
  return {
    port, dataDir, url: `http://127.0.0.1:${port}`,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
