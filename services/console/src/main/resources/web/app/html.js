// Markup from stored text, escaped. Every string a chart hands to the browser as HTML (ECharts tooltip formatters in
// the default "html" render mode set innerHTML) is built with the html`...` tag below: each ${value} is escaped unless
// it is itself the result of html`...`, so a formatter cannot forget to escape a field. Text drawn on the canvas
// (titles, axis labels, legends, series names) is not HTML and needs none of this; the page's own markup is escaped
// by Qute. See docs/security.md.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Any value as text safe inside HTML content and quoted attributes: null and undefined become ''. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup that is already safe: only html`...` makes one. */
class Markup {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

/** A tagged template: the literal parts are markup, every substitution is escaped (arrays are joined). */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += part(value) + strings[i + 1];
  });
  return new Markup(out);
}

function part(value) {
  if (value instanceof Markup) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return value.map(part).join('');
  }
  return escapeHtml(value);
}

/** A tooltip formatter for ECharts from one that returns html`...`: ECharts wants a string. */
export const tooltip = (build) => (params) => String(build(params));
