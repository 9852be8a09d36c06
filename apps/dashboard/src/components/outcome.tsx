/**
 * What an action did, or why it failed: a polite live region (always there, so screen readers
 * hear what appears in it) and an alert when something went wrong.
 */
export function Outcome({ message, error }: { message: string; error: string | undefined }) {
  return (
    <>
      <p class="notice" role="status">
        {message}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
