import type { Command } from 'commander';
import { MAX_FRESHNESS_WAIT_MS } from '@feedloop/protocol';

/** Behind by more than this, a command says how old its numbers are. */
const LAG_NOTICE_MS = 5000;

export interface FreshOption {
  /** false with --no-fresh. */
  fresh?: boolean;
}

/**
 * Aggregate commands read their own writes by default: an analyst who runs one right after
 * sending events expects to see them, so the service waits (at most 5 s) until the aggregator
 * holds every event acknowledged before the command asked.
 */
export function freshOption(command: Command): Command {
  return command.option(
    '--no-fresh',
    `answer at once, as of the aggregator's last pass (default: wait up to ${MAX_FRESHNESS_WAIT_MS / 1000} s until every event acknowledged before the command is counted)`,
  );
}

/** The `freshAfter` query parameter for these options. */
export function freshAfter(o: FreshOption): 'now' | undefined {
  return o.fresh === false ? undefined : 'now';
}

/** On stderr (stdout stays the answer): the numbers lag behind the moment the command asked. */
export function noteLag(asOf: string, askedAt: number): void {
  const behind = askedAt - Date.parse(asOf);
  if (!(behind > LAG_NOTICE_MS)) return;
  console.error(`feedloop: numbers as of ${asOf}, ${Math.round(behind / 1000)} s behind: the aggregator is catching up`);
}
