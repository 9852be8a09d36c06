import { render } from 'preact';
import { App } from './app.js';
import { applyTheme, loadTheme } from './theme.js';

applyTheme(loadTheme());
render(<App />, document.getElementById('app')!);
