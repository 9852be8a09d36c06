import type { ComponentChildren } from 'preact';

/**
 * A page's heading: the way back (for pages below a list), the title, and what it covers. The
 * heading takes focus on navigation (tabIndex -1) so screen readers announce the new page.
 */
export function PageHead({ title, parent, children }: { title: string; parent?: { label: string; href: string }; children: ComponentChildren }) {
  return (
    <div class="page-head">
      {parent && (
        <p class="crumbs">
          <a href={parent.href}>{parent.label}</a> /
        </p>
      )}
      <h1 tabIndex={-1}>{title}</h1>
      <p class="muted">{children}</p>
    </div>
  );
}
