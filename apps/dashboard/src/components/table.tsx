import type { ComponentChildren } from 'preact';

/**
 * A scrollable table with its header row; `caption` is read out, and shown unless `hideCaption`
 * (where a heading above already says it).
 */
export function Table({
  class: className,
  caption,
  hideCaption = false,
  head,
  children,
}: {
  class?: string;
  caption?: string;
  hideCaption?: boolean;
  head: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={className}>
        {caption && <caption class={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>}
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
