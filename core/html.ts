/** Text and data put into HTML: one escaping for element content and attributes, one for scripts. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and for attribute values in either kind of quotes
 * (the five characters OWASP names: & < > " ').
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** The inverse of {@link escapeHtml}: the five entities back to their characters, any other text as it is. */
export function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => HTML_ENTITIES[name]);
}

/**
 * A value as JSON that may stand inside a `<script>` element: `<` is written `\u003c` so that no
 * `</script>` or `<!--` in a string ends or changes the element, and U+2028/U+2029 as escapes so
 * that older parsers do not see line breaks inside a string literal.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JavaScript source that may be inlined into a `<script>` element: a literal `</script` would end
 * it early, so it is written `<\/script` (the same string to JavaScript, case kept).
 */
export function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
