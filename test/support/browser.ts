/**
 * The browser tests' parts: the built console (apps/console/dist, built here when missing or older than its sources),
 * Debian's chromium driven by playwright-core (CHROMIUM_PATH, else /usr/bin/chromium; .ci/run installs it), and
 * screenshots saved as artefacts under test-artifacts/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = join(__dirname, '..', '..');
const consoleDir = join(root, 'apps', 'console');
export const SCREENSHOTS = join(root, 'test-artifacts', 'screenshots');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the console (Vite) unless its dist is there and newer than every source file. */
export function ensureConsoleBuilt(): void {
  const index = join(consoleDir, 'dist', 'index.html');
  const sources = Math.max(
    newestSource(join(consoleDir, 'src')),
    statSync(join(consoleDir, 'index.html')).mtimeMs,
    statSync(join(consoleDir, 'openapi.json')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build', '-w', '@complaintflow/console'], { cwd: root, stdio: 'pipe' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
