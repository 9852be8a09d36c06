/**
 * Adds CSS to a shadow root. Constructable stylesheets are not inline styles, so a strict CSP
 * (`style-src 'self'`) allows them; where they are missing, a `<style>` carrying the page's nonce.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.append(style);
  }
}
