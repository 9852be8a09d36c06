// The browser entry. StrictMode runs every effect twice on mount (mount, clean up, mount), so
// the test also proves the cleanup leaves exactly one widget.
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './react-app.js';

const { apiKey, endpoint } = window.appConfig;
createRoot(document.getElementById('root')).render(h(StrictMode, null, h(App, { apiKey, endpoint })));
