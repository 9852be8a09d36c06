import { RATING_CSS } from './rating-css.js';

/**
 * Styles of the panel, added to the shadow root when the panel first loads (the rating scales
 * other than thumbs bring theirs, `SCALES_CSS`). The theme's custom properties and the
 * rating group's rules are in rating-css.ts, shared with prompts. Right-to-left needs no rule of its own:
 * the dialog's margins and insets are logical properties. Left out as the browser gives them
 * anyway: `overflow: auto` of a modal dialog, `inline-flex` of the choices (flex items are blocks).
 */
export const PANEL_CSS = RATING_CSS + `dialog{margin-block:auto 76px;margin-inline:auto 20px;inset-inline:auto 0;width:min(360px,100vw - 40px);max-height:calc(100vh - 96px);padding:18px;border:1px solid color-mix(in srgb,var(--t) 15%,#0000);border-radius:var(--r);background:var(--b);color:var(--t);font:14px/1.4 var(--f);box-shadow:0 12px 40px #0004;animation:i .18s ease-out}dialog::backdrop{background:#0002}@keyframes i{from{opacity:0;transform:translateY(8px)}}@media(prefers-reduced-motion:reduce){dialog{animation:none}}.h{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-bottom:12px}h2{margin:0;font-size:16px}.k .c{min-height:32px;border-radius:99px;font-size:13px}.q{margin:-8px 0 12px;color:var(--m);font-size:12px}`;
