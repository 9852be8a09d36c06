import { useState } from 'preact/hooks';

/**
 * Copies `text` to the clipboard, and says so. Where the browser refuses (no permission, not a
 * secure context), it says to copy by hand: the text is on the page beside the button.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult('Copied.');
    } catch {
      setResult('Copying was refused: select the text and copy it.');
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={() => void copy()}>
        {label}
      </button>{' '}
      <span role="status" class="muted small">
        {result}
      </span>
    </>
  );
}
