import { createHash } from 'node:crypto';
import { escapeHtml } from './escape-html.js';

/** The parts of an OpenAPI 3.1 document the page shows. */
interface Doc {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { description?: string }> };
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  'x-veil-access'?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const WHO: Record<string, string> = {
  public: 'anyone',
  ingest: "a project's ingest key",
  viewer: 'a viewer or admin token',
  admin: 'an admin token',
};

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem 1.5rem;color:#1d2330}
h2{margin-top:2.5rem;border-bottom:1px solid #d8dce6}h3{margin:0;font-size:1rem}
article{border:1px solid #d8dce6;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.5em;font:600 .8rem monospace;color:#fff;background:#4b5563;border-radius:4px;padding:.1rem .4rem;text-align:center}
.get{background:#2563eb}.post{background:#059669}.patch{background:#b45309}.delete{background:#dc2626}
code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f4f5f8;padding:.5rem;overflow:auto;max-height:24rem}
table{border-collapse:collapse}td,th{border:1px solid #d8dce6;padding:.2rem .5rem;text-align:left;vertical-align:top}
.who{color:#4b5563}nav a{margin-right:.75rem}`;

/**
 * The page's CSP: no script at all (the page is rendered here, not in the browser), and only its
 * own stylesheet, allowed by hash rather than 'unsafe-inline'.
 */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Escaped text in which `code` spans (as the document's descriptions use them) become <code>. */
function prose(text: string | undefined): string {
  return text ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';
}

function schemaBlock(label: string, schema: unknown): string {
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema ?? {}, null, 2))}</pre></details>`;
}

function typeOf(schema: unknown): string {
  const s = (schema ?? {}) as { type?: unknown; pattern?: unknown; maxLength?: unknown; enum?: unknown };
  const parts = [Array.isArray(s.enum) ? s.enum.map(String).join(' | ') : String(s.type ?? 'any')];
  if (typeof s.maxLength === 'number') parts.push(`≤ ${s.maxLength} chars`);
  return parts.join(', ');
}

function renderOperation(method: string, path: string, op: Operation): string {
  const anchor = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  const access = op['x-veil-access'] ?? 'public';
  const who = `${WHO[access] ?? access}${schemes.length ? ` (${schemes.join(' or ')})` : ''}`;
  const params = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>meaning</th></tr>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(typeOf(p.schema))}</td>` +
            `<td>${p.required ? 'yes' : 'no'}</td><td>${prose(p.description ?? (p.schema as { description?: string })?.description)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const body = op.requestBody?.content
    ? `<h4>Request body</h4>${Object.entries(op.requestBody.content).map(([type, media]) => schemaBlock(type, media.schema)).join('')}`
    : '';
  const responses = Object.entries(op.responses ?? {})
    .map(([status, res]) => {
      const schemas = Object.entries(res.content ?? {}).map(([type, media]) => schemaBlock(type, media.schema)).join('');
      return `<li><strong>${escapeHtml(status)}</strong> ${prose(res.description)}${schemas}</li>`;
    })
    .join('');
  return (
    `<article id="${escapeHtml(anchor)}"><h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> ` +
    `<code>${escapeHtml(path)}</code></h3><p>${prose(op.summary)}</p>${op.description ? `<p>${prose(op.description)}</p>` : ''}` +
    `<p class="who">Who may call it: <strong>${escapeHtml(who)}</strong></p>${params}${body}<h4>Responses</h4><ul>${responses}</ul></article>`
  );
}

/**
 * The API reference as one HTML page, rendered from the OpenAPI document: every operation
 * grouped by tag with method, path, summary, who may call it, parameters, request body and
 * responses. Everything from the document is escaped.
 */
export function renderDocsPage(doc: Doc): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m, path, op: item[m]! })),
  );
  const tags = [...(doc.tags ?? [])];
  for (const { op } of operations) for (const t of op.tags ?? ['other']) if (!tags.some((x) => x.name === t)) tags.push({ name: t });
  const sections = tags
    .map((tag) => {
      const ops = operations.filter(({ op }) => (op.tags ?? ['other']).includes(tag.name));
      if (ops.length === 0) return '';
      const id = `tag-${tag.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
      return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(tag.name)}</h2><p>${prose(tag.description)}</p>${ops
        .map(({ method, path, op }) => renderOperation(method, path, op))
        .join('')}</section>`;
    })
    .join('');
  const nav = tags.map((t) => `<a href="#tag-${escapeHtml(t.name.replace(/[^A-Za-z0-9]+/g, '-'))}">${escapeHtml(t.name)}</a>`).join('');
  const schemes = Object.entries(doc.components?.securitySchemes ?? {})
    .map(([name, s]) => `<dt><code>${escapeHtml(name)}</code></dt><dd>${prose(s.description)}</dd>`)
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(doc.info.title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1><p>${prose(doc.info.description)}</p>` +
    `<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). ${operations.length} operations.</p>` +
    `<nav>${nav}</nav><h2>Credentials</h2><dl>${schemes}</dl>${sections}</body></html>`
  );
}
