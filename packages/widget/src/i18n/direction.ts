/** The writing direction of a shipped locale. */
export const directionOf = (code: string): 'ltr' | 'rtl' => (code == 'ar' ? 'rtl' : 'ltr');
