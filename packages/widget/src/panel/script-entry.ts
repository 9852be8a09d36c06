/** The script-tag build's lazy panel chunk: hands mountPanel to the loader. */
import { mountPanel } from './mount.js';

(window as unknown as { feedloop: { __define(name: string, value: unknown): void } }).feedloop.__define('panel', { mountPanel });
