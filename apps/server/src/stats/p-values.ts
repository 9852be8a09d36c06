/** Two-sided p-values of z and t statistics. */
import { normalCdf } from './normal.js';
import { studentTCdf } from './student-t.js';

/** 2 · P(Z > |z|). */
export function twoSidedPValueZ(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/** 2 · P(T > |t|) for T ~ t(df). */
export function twoSidedPValueT(t: number, df: number): number {
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}
