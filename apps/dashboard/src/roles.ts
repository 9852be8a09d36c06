import type { Role } from '@feedloop/protocol/vocabulary';

/**
 * What the dashboard offers each role (the service enforces the same table on every request;
 * this only keeps people from being shown what they cannot use):
 * viewer reads; member also triages; admin also manages members, tokens, webhooks and the audit
 * trail; owner also makes owners.
 */
export interface Abilities {
  triage: boolean;
  administer: boolean;
  /** Give or take the owner role. */
  makeOwners: boolean;
}

export function abilitiesOf(role: Role): Abilities {
  return {
    triage: role !== 'viewer',
    administer: role === 'admin' || role === 'owner',
    makeOwners: role === 'owner',
  };
}
