// Browsers still ask for /favicon.ico where a page declares no icon (a JSON
// answer opened in a tab, an old bookmark). The pages declare app/icon.svg
// (Next's icon file convention); this sends those requests to it instead of a 404.
export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: "/icon.svg", "Cache-Control": "public, max-age=86400" } });
}
