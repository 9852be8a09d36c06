/**
 * Rollup plugin for the script-tag panel build: Preact code paths the panel never takes are
 * compiled out of the copy of Preact bundled into it (≈ 390 B of the gzip -9 budget):
 *   - style objects: the panel styles through its stylesheets (a strict CSP forbids inline
 *     styles anyway); a `style` string would still be set, as a property;
 *   - the SVG and MathML namespaces: the panel is HTML only;
 *   - `dangerouslySetInnerHTML`: the widget only ever sets text, and now the bundled Preact
 *     cannot set innerHTML at all;
 *   - Suspense's thrown promises (preact/compat's `lazy`): one is now an error like any other.
 * Each cut is an exact piece of Preact's published dist/preact.module.js, replaced once: if
 * Preact's code changes, the build fails here instead of shipping a half-trimmed copy. The modules
 * of the build are checked not to use what is cut. npm users bundle Preact themselves, untrimmed.
 */
const CUTS = [
  // setProperty: the `style` branch (its setStyle helper and IS_NON_DIMENSIONAL go unused with it)
  [
    'n:if("style"==l)if("string"==typeof u)n.style.cssText=u;else{if("string"==typeof t&&(n.style.cssText=t=""),t)for(l in t)u&&l in u||z(n.style,l,"");if(u)for(l in u)t&&u[l]==t[l]||z(n.style,l,u[l])}else if("o"==l[0]',
    'n:if("o"==l[0]',
  ],
  // setProperty: SVG attribute names
  ['if("http://www.w3.org/2000/svg"==i)l=l.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(', 'if('],
  // diffElementNodes: the namespace of <svg>, <math> and what is inside <foreignObject>
  [
    '"svg"==x?o="http://www.w3.org/2000/svg":"math"==x?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml")',
    'o||(o="http://www.w3.org/1999/xhtml")',
  ],
  ['"foreignObject"==x?"http://www.w3.org/1999/xhtml":o', 'o'],
  // diffElementNodes: dangerouslySetInnerHTML, old and new
  ['"dangerouslySetInnerHTML"==s?p=y:', ''],
  ['"dangerouslySetInnerHTML"==s?h=y:', ''],
  ['if(h)c||p&&(h.__html==p.__html||h.__html==u.innerHTML)||(u.innerHTML=h.__html),t.__k=[];else if(p&&(u.innerHTML=""),', 'if('],
  // diff: a thrown promise (Suspense, from preact/compat) is an error like any other
  ['if(n.then){for(u.__u|=c?160:128;f&&8==f.nodeType&&f.nextSibling;)f=f.nextSibling;null!=o&&(o[o.indexOf(f)]=null),u.__e=f}else if(null!=o)', 'if(null!=o)'],
  ['n.then||B(u),l.__e(n,u,t)', 'B(u),l.__e(n,u,t)'],
];

/** What the cuts take away, as our compiled code would ask for it: `h("svg"`, a `style:` prop… */
const USES = /\bh\(\s*["'](svg|math)["']|dangerouslySetInnerHTML|[{,]\s*["']?style["']?\s*:|preact\/compat|\bSuspense\b/;

export function trimPreact() {
  return {
    name: 'feedloop-trim-preact',
    transform(code, id) {
      if (id.endsWith('/preact/dist/preact.module.js')) {
        for (const [from, to] of CUTS) {
          if (code.split(from).length != 2) throw new Error(`trim-preact: not found once in ${id}, review the cuts for this Preact: ${from.slice(0, 50)}…`);
          code = code.replace(from, () => to);
        }
        return { code, map: null };
      }
      if (!id.includes('/node_modules/') && USES.test(code))
        throw new Error(`trim-preact: ${id} uses ${code.match(USES)[0]}, which the bundled Preact has no code for (see scripts/trim-preact.mjs)`);
      return null;
    },
  };
}
