export { buildApp, type AppOptions, type MarqueeApp } from './app.ts';
export { loadApiConfig, type ApiConfig } from './config.ts';
