import { DEFAULT_PRIVACY_SETTINGS, type PrivacySettings } from '@feedloop/protocol';
import { compilePatterns, patternProblem, type CustomPattern } from './custom.js';

/** A project's privacy settings, ready for the hot path: patterns compiled, keys lower-cased. */
export interface Scrubber {
  settings: PrivacySettings;
  patterns: CustomPattern[];
  /** Metadata keys to drop, lower-case. */
  dropKeys: ReadonlySet<string>;
  emails: boolean;
  phones: boolean;
  dropQuery: boolean;
  /** URLs found clean with these settings: pages repeat from event to event, and a lookup is cheaper than a scan. */
  cleanUrls: Set<string>;
}

export function compileScrubber(settings: PrivacySettings): Scrubber {
  return {
    settings,
    patterns: compilePatterns(settings.extraPatterns),
    dropKeys: new Set(settings.dropMetadataKeys.map((key) => key.toLowerCase())),
    emails: settings.emailsInComments === 'redact',
    phones: settings.phonesInComments === 'redact',
    dropQuery: settings.urlQueryStrings === 'drop',
    cleanUrls: new Set(),
  };
}

export const DEFAULT_SCRUBBER = compileScrubber(DEFAULT_PRIVACY_SETTINGS);

/**
 * Settings as stored (a jsonb document that may predate a setting, or be empty), with the
 * defaults for whatever is missing or not understood: reading never fails.
 */
export function readSettings(stored: unknown): PrivacySettings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const d = DEFAULT_PRIVACY_SETTINGS;
  return {
    extraPatterns: strings(s.extraPatterns),
    dropMetadataKeys: strings(s.dropMetadataKeys),
    emailsInComments: s.emailsInComments === 'redact' ? 'redact' : d.emailsInComments,
    phonesInComments: s.phonesInComments === 'redact' ? 'redact' : d.phonesInComments,
    urlQueryStrings: s.urlQueryStrings === 'drop' ? 'drop' : d.urlQueryStrings,
  };
}

/** The first problem of settings that passed the schema: a pattern RE2 refuses; undefined when fine. */
export function settingsProblem(settings: PrivacySettings): string | undefined {
  for (const [i, source] of settings.extraPatterns.entries()) {
    const problem = patternProblem(source);
    if (problem) return `extraPatterns[${i}] ${problem}`;
  }
  return undefined;
}

/** Settings as saved: duplicates removed, order kept. */
export function normalizeSettings(settings: PrivacySettings): PrivacySettings {
  const seen = new Set<string>();
  return {
    ...settings,
    extraPatterns: [...new Set(settings.extraPatterns)],
    dropMetadataKeys: settings.dropMetadataKeys.filter((key) => !seen.has(key.toLowerCase()) && seen.add(key.toLowerCase())),
  };
}

/** One compiled scrubber per distinct settings document (projects share the default one). */
const compiled = new Map<string, Scrubber>();

export function scrubberFor(stored: unknown): Scrubber {
  const settings = readSettings(stored);
  if (settings.extraPatterns.length === 0 && settings.dropMetadataKeys.length === 0 && settings.emailsInComments === 'keep' && settings.phonesInComments === 'keep' && settings.urlQueryStrings === 'keep') {
    return DEFAULT_SCRUBBER;
  }
  const key = JSON.stringify(settings);
  let scrubber = compiled.get(key);
  if (!scrubber) {
    if (compiled.size >= 1000) compiled.clear();
    scrubber = compileScrubber(settings);
    compiled.set(key, scrubber);
  }
  return scrubber;
}
