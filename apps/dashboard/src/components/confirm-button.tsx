import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * An action that asks first, in the page (no dialog): the first button shows the question, a
 * confirm and a Cancel button; confirming runs `onConfirm`. Focus goes to Cancel when asked (a
 * second Enter changes nothing) and back to the first button afterwards.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  groupLabel,
  disabled = false,
  onConfirm,
}: {
  /** The first button's text (its accessible name may add what it is about, hidden). */
  label: preact.ComponentChildren;
  question: string;
  confirmLabel: string;
  /** The confirmation's accessible name, e.g. "Confirm removal of Ada". */
  groupLabel: string;
  disabled?: boolean;
  onConfirm(): void;
}) {
  const [asking, setAsking] = useState(false);
  const start = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useLayoutEffect(() => {
    if (asking) cancel.current?.focus();
    else if (asked.current) start.current?.focus();
    asked.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={start} type="button" class="secondary" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={groupLabel} class="confirm">
      <span>{question}</span>{' '}
      <button
        type="button"
        class="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button ref={cancel} type="button" class="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
