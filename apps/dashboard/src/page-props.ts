import type { Membership, UserInfo } from '@feedloop/protocol';
import type { Api } from './api.js';
import type { DayRange, RangeChoice } from './range.js';
import type { Abilities } from './roles.js';
import type { TriagedItem } from './triage.js';

/**
 * What the shell hands every page. Its own module so pages never import the shell (shell.tsx),
 * which imports every page.
 */
export interface PageProps {
  /** Calls about `project` (its id in the x-feedloop-project header). */
  api: Api;
  /** The signed-in person. */
  user: UserInfo;
  /** The project shown, with the person's role in it. */
  project: Membership;
  /** What that role may do here. */
  abilities: Abilities;
  range: DayRange;
  theme: 'light' | 'dark';
  live: LiveFeed;
  /** Changes the time range (the report page's own period picker sets it too). */
  chooseRange(choice: RangeChoice): void;
}

/** The feedback that arrived since sign-in, as the shell keeps it for the pages. */
export interface LiveFeed {
  /** Newest first, at most the shell's LIVE_KEEP. */
  items: TriagedItem[];
  /** Increments with every batch of new items (pages refresh their numbers on it). */
  tick: number;
  /** Items whose triage changed elsewhere, by id. */
  updated: Map<string, TriagedItem>;
}
