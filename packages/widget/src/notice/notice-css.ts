/**
 * Styles of the update notice, added to the shadow root with it. Its colours come from the same
 * theme properties (`--feedloop-*`) and defaults as the panel's, defined on the notice itself so
 * that they depend on nothing of the panel's stylesheet (which may not be loaded). Class names
 * are long on purpose: the panel's short ones (`.h`, `.z`…) must not style it.
 */
export const NOTICE_CSS = `.notice{--a:var(--feedloop-accent,#4f46e5);--b:var(--feedloop-background,#fff);--t:var(--feedloop-text,#1f2328);--m:color-mix(in srgb,var(--t) 75%,var(--b));box-sizing:border-box;position:fixed;inset:auto 20px 76px auto;margin:0;width:min(320px,100vw - 40px);max-height:calc(100vh - 120px);overflow:auto;padding:10px 14px 12px;border:1px solid color-mix(in srgb,var(--t) 15%,#0000);border-radius:var(--feedloop-radius,10px);background:var(--b);color:var(--t);font:14px/1.4 var(--feedloop-font,system-ui,sans-serif);box-shadow:0 12px 40px #0004;animation:notice-in .18s ease-out}
:host([data-mode=dark]) .notice{--b:var(--feedloop-background,#1e1f24);--t:var(--feedloop-text,#eceef2);--a:var(--feedloop-accent,#8b87ff)}
@media(prefers-color-scheme:dark){:host([data-mode=auto]) .notice{--b:var(--feedloop-background,#1e1f24);--t:var(--feedloop-text,#eceef2);--a:var(--feedloop-accent,#8b87ff)}}
.notice-left{right:auto;left:20px}.notice-top{bottom:auto;top:76px}
@keyframes notice-in{from{opacity:0;transform:translateY(8px)}}@media(prefers-reduced-motion:reduce){.notice{animation:none}}
.notice-head{display:flex;align-items:center;justify-content:space-between;gap:8px}
.notice h2{margin:0;font-size:15px}
.notice ul{margin:0;padding:0;list-style:none}
.notice li{padding:8px 0 0}
.notice li+li{margin-top:8px;border-top:1px solid color-mix(in srgb,var(--t) 12%,#0000)}
.notice p{margin:0;overflow-wrap:anywhere}
.notice strong{font-weight:650}
.notice .notice-about{margin-top:2px;color:var(--m);font-size:13px;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}
.notice-close{padding:4px 8px;border:0;border-radius:6px;background:none;color:inherit;font:20px/1 sans-serif;cursor:pointer}
.notice :focus-visible{outline:3px solid var(--a);outline-offset:2px}`;
