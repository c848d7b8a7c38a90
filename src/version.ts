declare const __INCIDENT_VERSION__: string | undefined;
// Replaced at build time; tests run the sources, where it is undefined.
export const VERSION: string = typeof __INCIDENT_VERSION__ === 'string' ? __INCIDENT_VERSION__ : '0.0.0-dev';
