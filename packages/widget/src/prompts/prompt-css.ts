/**
 * The prompt's region, on top of the rating group's styles (rating-css.ts). A manual popover, so
 * it sits in the top layer above any host z-index, but it is not modal: the page stays usable. At
 * the inline end above the floating button (logical insets: the left side in right-to-left), the
 * panel's entrance animation, none under `prefers-reduced-motion`. `.v`: announced, not shown.
 */
export const PROMPT_CSS = `.p{position:fixed;inset:auto;inset-block-end:76px;inset-inline-end:20px;margin:0;width:min(360px,100vw - 40px);max-height:calc(100vh - 96px);overflow:auto;padding:16px;border:1px solid color-mix(in srgb,var(--t) 15%,#0000);border-radius:var(--r);background:var(--b);color:var(--t);font:14px/1.4 var(--f);box-shadow:0 12px 40px #0004;animation:i .18s ease-out}@keyframes i{from{opacity:0;transform:translateY(8px)}}@media(prefers-reduced-motion:reduce){.p{animation:none}}.p legend{padding-inline-end:32px}.p .z{position:absolute;inset-block-start:8px;inset-inline-end:8px}.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;
