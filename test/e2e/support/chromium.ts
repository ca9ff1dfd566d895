/**
 * Launches Debian's Chromium headless for the browser tests. The flags keep it from reaching for
 * the network on its own (this machine has none, and refused connections would flood the log).
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PATHLAB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium; close it in a finally or an after hook. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
