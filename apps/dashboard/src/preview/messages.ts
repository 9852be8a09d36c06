/** The two messages between the dashboard and its prompt preview frame (src/preview/prompt-preview.ts). */

/** Frame → dashboard: the frame listens; send the prompt. */
export const PREVIEW_READY = 'feedloop:prompt-preview-ready';
/** Dashboard → frame: `{type, prompt: {id?, feature, scale, comment, question, defaultLocale}, locale}`. */
export const PREVIEW_SHOW = 'feedloop:prompt-preview';
