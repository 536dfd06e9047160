/**
 * The Content-Security-Policy of the renderer, shared by Electron and the
 * browser mode. Scripts only from the app itself; styles may be inline
 * because recharts and xterm.js set style elements at run time.
 */
export function rendererCsp(connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
