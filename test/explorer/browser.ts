/**
 * Headless Chromium for the explorer's end-to-end tests: Debian's `chromium`
 * driven by playwright-core (never Playwright's own browser downloads).
 * Missing, it fails the tests under CI=true and skips them elsewhere.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);

/** Playwright gives each launch a fresh profile directory (the flag set's `--user-data-dir`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Decodes a PNG and measures how much it varies: a blank or one-colour capture has ~0 variance and few colours. */
export function pngStats(png: Buffer): { width: number; height: number; lumaStdDev: number; colours: number } {
  const img = PNG.sync.read(png);
  let sum = 0;
  let sq = 0;
  const colours = new Set<number>();
  const n = img.width * img.height;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sq += y * y;
    if (colours.size < 10_000) colours.add((r << 16) | (g << 8) | b);
  }
  const mean = sum / n;
  return { width: img.width, height: img.height, lumaStdDev: Math.sqrt(Math.max(0, sq / n - mean * mean)), colours: colours.size };
}
