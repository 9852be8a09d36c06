// The widget's byte budget (issue 16), in bytes of widget JavaScript a page fetches, gzip as
// served, measured in Chromium by test/size.browser.test.ts, which writes REPORT; `pnpm size`
// (size.mjs) prints it. Shared by both so that they cannot disagree.
import { fileURLToPath } from 'node:url';

/** Where the browser test writes its measurements (not in dist/, which is published and served). */
export const REPORT = fileURLToPath(new URL('../size-report.json', import.meta.url));

/**
 * The budget of each measured scenario; `null`: reported only.
 * - a page view with no call waiting, no events queued, no experiments, no prompts and no update
 *   for this browser: the loader only;
 * - the first open of the default form (English, thumbs), everything the page fetched, whether
 *   it came before the browser was idle or after;
 * - a page view that needs the core (experiments, events left by an earlier page, an update, a
 *   call): the loader and the core; and its first open, with the panel too;
 * - a page view with a prompt due (and nothing else for the core), until the prompt is answered:
 *   the loader and the prompt chunk.
 */
export const BUDGETS = {
  'page view': 2048,
  'first open, before idle': 10240,
  'first open, after idle': 10240,
  'page view with experiments': 7168,
  'page view with queued events': 7168,
  'first open with experiments': null,
  // The loader and the prompt chunk (the runtime with the client's delivery and events), not the core.
  'page view with a prompt due, answered': 10240,
};

/**
 * @typedef {{ name: string, budget: number | null, bytes: number, files: { file: string, bytes: number }[] }} Scenario
 * @typedef {{ measured: string, files: Record<string, string>, scenarios: Scenario[] }} SizeReport
 */
