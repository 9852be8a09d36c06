/**
 * Rollup plugin for the script-tag panel build: Preact code paths the panel never takes are
 * compiled out of the copy of Preact bundled into it (≈ 1 KB of the gzip -9 budget):
 *   - style objects: the panel styles through its stylesheets (a strict CSP forbids inline
 *     styles anyway); a `style` string would still be set, as a property;
 *   - the SVG and MathML namespaces: the panel is HTML only;
 *   - `dangerouslySetInnerHTML`: the widget only ever sets text, and now the bundled Preact
 *     cannot set innerHTML at all;
 *   - Suspense's thrown promises (preact/compat's `lazy`): one is now an error like any other;
 *   - class components, their lifecycle methods, context, error boundaries, setState and
 *     forceUpdate: the panel's components are plain functions without hooks.
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
  // Class components, their lifecycle methods, context and error boundaries: the panel's
  // components are functions (no hooks either), so every component instance is Preact's own
  // Component wrapping a function, which defines none of them. `M` (a class component) is then
  // always false, and what only it does goes; setState and forceUpdate (nothing calls them) go
  // with the render queue they feed.
  ['M=F.prototype&&F.prototype.render,', 'M=!1,'],
  ['I=(s=F.contextType)&&i[s.__c],P=s?I?I.props.value:s.__:i,', 'P=i,'],
  ['I&&I.sub(p),', ''],
  ['u.__v==t.__v||!p.__e&&null!=p.shouldComponentUpdate&&!1===p.shouldComponentUpdate(x,p.__s,P)', 'u.__v==t.__v'],
  ['null!=p.componentWillUpdate&&p.componentWillUpdate(x,p.__s,P),', ''],
  ['null!=p.getChildContext&&(i=m(m({},i),p.getChildContext())),', ''],
  ['if(i.componentWillUnmount)try{i.componentWillUnmount()}catch(n){l.__e(n,u)}', ''],
  [
    '__e:function(n,l,u,t){for(var i,r,o;l=l.__;)if((i=l.__c)&&!i.__)try{if((r=i.constructor)&&null!=r.getDerivedStateFromError&&(i.setState(r.getDerivedStateFromError(n)),o=i.__d),null!=i.componentDidCatch&&(i.componentDidCatch(n,t||{}),o=i.__d),o)return i.__E=i}catch(l){n=l}throw n}',
    '__e:function(n){throw n}',
  ],
  [
    'C.prototype.setState=function(n,l){var u;u=null!=this.__s&&this.__s!=this.state?this.__s:this.__s=m({},this.state),"function"==typeof n&&(n=n(m({},u),this.props)),n&&m(u,n),null!=n&&this.__v&&(l&&this._sb.push(l),A(this))},C.prototype.forceUpdate=function(n){this.__v&&(this.__e=!0,n&&this.__h.push(n),A(this))},',
    '',
  ],
];

/**
 * What the cuts take away, as our compiled code would ask for it: `h("svg"`, a `style:` prop, a
 * class component, a context, a hook…
 */
const USES =
  /\bh\(\s*["'](svg|math)["']|dangerouslySetInnerHTML|[{,]\s*["']?style["']?\s*:|preact\/(compat|hooks)|\bSuspense\b|\bextends\s+Component\b|\b(createContext|contextType|setState|forceUpdate|componentDidCatch)\b/;

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
