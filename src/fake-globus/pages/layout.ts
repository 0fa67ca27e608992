import { html, type SafeHtml } from './html.js';

export const STYLESHEET_PATH = '/fake/static/fake-globus.css';

/** Every page of the fake: own stylesheet, no script, a banner that says it is a demo. */
export function layout(title: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Demo Globus</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<p class="demo-banner" role="note">Demo Globus — not the real service</p>
<main>
${content}
</main>
<footer>This page is served by the built-in fake Globus used for demos and tests. No real account is involved.</footer>
</body>
</html>
`.value;
}
