import { FEEDBACK_STATUSES, FEEDBACK_STATUS_LABELS } from '@feedloop/protocol/vocabulary';

/** Every triage status as options, in workflow order. */
export function StatusOptions() {
  return (
    <>
      {FEEDBACK_STATUSES.map((s) => (
        <option key={s} value={s}>
          {FEEDBACK_STATUS_LABELS[s]}
        </option>
      ))}
    </>
  );
}
