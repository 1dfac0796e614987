/**
 * The loader merchants include with `<script async src=".../widget/loader.js" data-site="...">`.
 * Built as a classic IIFE script with a 1 KB gzip budget; see install-loader.ts for what it does.
 */
import { installLoader } from './install-loader';

/** The hashed widget file, relative to this script; the build bakes it in (widget/build/loader-plugin.ts). */
declare const __VOUCH_WIDGET_FILE__: string;

// currentScript is null only if this ever ran as a module; the data-site attribute finds the tag then.
const script = (document.currentScript ?? document.querySelector('script[data-site]')) as HTMLScriptElement | null;
if (script) installLoader(script, __VOUCH_WIDGET_FILE__, (url) => import(/* @vite-ignore */ url));
