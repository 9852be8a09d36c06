/** Scrubbing at ingest: secrets in free text replaced by `[redacted:<kind>]` before anything is stored. */
export { SCRUB_KINDS, type ScrubCounts, type ScrubKind } from './kinds.js';
export { scrubEvent, scrubMetadata, scrubText, type Field } from './scrub.js';
export {
  compileScrubber,
  DEFAULT_SCRUBBER,
  normalizeSettings,
  readSettings,
  scrubberFor,
  settingsProblem,
  type Scrubber,
} from './settings.js';
