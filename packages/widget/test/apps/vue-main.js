// The browser entry.
import { createApp } from 'vue';
import { App } from './vue-app.js';

const { apiKey, endpoint } = window.appConfig;
createApp(App, { apiKey, endpoint }).mount('#root');
