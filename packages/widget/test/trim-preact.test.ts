import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without types
import { trimPreact } from '../scripts/trim-preact.mjs';

type Transform = (code: string, id: string) => { code: string } | null;
const transform: Transform = (code, id) => trimPreact().transform(code, id);
const PREACT = createRequire(import.meta.url).resolve('preact').replace(/preact\.js$/, 'preact.module.js');

describe('the Preact bundled into the script-tag panel', () => {
  test('the installed Preact has each cut exactly once, and loses innerHTML, the SVG namespace, style objects and class components', () => {
    const source = readFileSync(PREACT, 'utf8');
    expect(source).toContain('innerHTML');
    const { code } = transform(source, PREACT)!;
    expect(code).not.toMatch(/innerHTML|w3\.org\/2000\/svg|MathML|cssText|\bn\.then\b/);
    // (createContext keeps its own, unused by the panel and left out of the bundle.)
    expect(code).not.toMatch(/prototype\.render,|F\.contextType|p\.getChildContext|p\.shouldComponentUpdate|componentWillUpdate|getDerivedStateFromError|setState=|forceUpdate=/);
    expect(code).toContain('w3.org/1999/xhtml');
    expect(code.length).toBeLessThan(source.length - 1600);
  });

  test('another Preact fails the build rather than be half trimmed', () => {
    expect(() => transform('export const h = 1;', '/x/node_modules/preact/dist/preact.module.js')).toThrow(/not found once/);
  });

  test.each([
    ['h("div", { style: { color: "red" } })', '{ style:'],
    ['h("svg", { viewBox: "0 0 1 1" })', 'h("svg"'],
    ['h("p", { dangerouslySetInnerHTML: { __html: x } })', 'dangerouslySetInnerHTML'],
    ["import { lazy } from 'preact/compat';", 'preact/compat'],
    ["import { useState } from 'preact/hooks';", 'preact/hooks'],
    ['class Rating extends Component { render() {} }', 'extends Component'],
    ['this.setState({ open: true });', 'setState'],
  ])('a module of the build using what is cut fails it: %s', (code, use) => {
    expect(() => transform(code, '/w/packages/widget/lib/panel/x.js')).toThrow(use);
  });

  test('the panel as it is passes', () => {
    expect(transform('h("div", { class: "x" }); const css = "a{font-style:italic}";', '/w/packages/widget/lib/panel/x.js')).toBeNull();
  });
});
