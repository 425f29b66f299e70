import type { OpenApiDocument } from '../openapi/document.js';

/**
 * A self-contained HTML page rendering the OpenAPI document on the server: no script, no CDN,
 * no web font, so it works on an offline kiosk and under a strict CSP.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Escapes, then renders the `code` spans the descriptions use. */
function prose(value: unknown): string {
  return escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

function anchor(name: string): string {
  return `schema-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A one-line type: `string (uuid)`, `Avatar[]`, `"male" | "female"`, `number | null`. */
function typeLabel(schema: Json | undefined): string {
  if (!isObject(schema)) return 'any';
  if (typeof schema['$ref'] === 'string') {
    const name = refName(schema['$ref']);
    return `<a href="#${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.map((option) => typeLabel(option)).join(key === 'allOf' ? ' &amp; ' : ' | ');
  }
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => `<code>${escapeHtml(JSON.stringify(value))}</code>`).join(' | ');
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema['const']))}</code>`;
  const types = Array.isArray(schema['type']) ? schema['type'] : schema['type'] !== undefined ? [schema['type']] : [];
  const labels = types.map((type) => {
    if (type === 'array') return `${typeLabel(schema['items'])}[]`;
    if (type === 'string' && typeof schema['format'] === 'string') return `string (${escapeHtml(schema['format'])})`;
    return escapeHtml(type);
  });
  return labels.length > 0 ? labels.join(' | ') : isObject(schema['properties']) ? 'object' : 'any';
}

function constraints(schema: JsonObject): string {
  const parts: string[] = [];
  for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'default']) {
    if (schema[key] !== undefined) parts.push(`${key}: <code>${escapeHtml(JSON.stringify(schema[key]))}</code>`);
  }
  return parts.length ? ` <span class="c">${parts.join(', ')}</span>` : '';
}

const row = (...cells: string[]): string => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;

function table(headers: string[], rows: string[]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${header}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const operationAnchor = (path: string, method: string): string => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

function propertiesTable(schema: Json | undefined, depth = 0): string {
  if (!isObject(schema) || !isObject(schema['properties'])) return '';
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  const rows = Object.entries(schema['properties']).map(([name, property]) => {
    const prop = isObject(property) ? property : {};
    const nested = depth < 3 && isObject(prop) && isObject(prop['properties']) ? propertiesTable(prop, depth + 1) : '';
    const nestedItems =
      depth < 3 && isObject(prop['items']) && isObject(prop['items']['properties']) ? propertiesTable(prop['items'], depth + 1) : '';
    const requiredMark = required.has(name) ? ' <span class="req">required</span>' : '';
    return row(
      `<code>${escapeHtml(name)}</code>${requiredMark}`,
      `${typeLabel(prop)}${constraints(prop)}`,
      `${prose(prop['description'] ?? '')}${nested}${nestedItems}`,
    );
  });
  return table(['Field', 'Type', 'Description'], rows);
}

function schemaBlock(schema: Json | undefined, components: JsonObject = {}): string {
  if (!isObject(schema)) return '';
  if (typeof schema['$ref'] === 'string') {
    const target = components[refName(schema['$ref'])];
    return `<p>Schema: ${typeLabel(schema)}</p>${isObject(target) ? propertiesTable(target) : ''}`;
  }
  return propertiesTable(schema) || `<p>${typeLabel(schema)}</p>`;
}

function operationHtml(path: string, method: string, operation: JsonObject, components: JsonObject): string {
  const id = operationAnchor(path, method);
  const parameters = Array.isArray(operation['parameters']) ? operation['parameters'].filter(isObject) : [];
  const paramRows = parameters.map((p) => {
    const description = p['description'] ?? (isObject(p['schema']) ? (p['schema']['description'] ?? '') : '');
    return row(
      `<code>${escapeHtml(p['name'])}</code> <span class="c">${escapeHtml(p['in'])}</span>`,
      typeLabel(p['schema']),
      prose(description),
    );
  });
  const body =
    isObject(operation['requestBody']) && isObject(operation['requestBody']['content']) ? operation['requestBody']['content'] : null;
  const bodyHtml = body
    ? Object.entries(body)
        .map(
          ([type, media]) =>
            `<h4>Request body <code>${escapeHtml(type)}</code></h4>` +
            schemaBlock(isObject(media) ? media['schema'] : undefined, components),
        )
        .join('')
    : '';
  const responses = isObject(operation['responses']) ? operation['responses'] : {};
  const responseRows = Object.entries(responses).map(([status, response]) => {
    const r = isObject(response) ? response : {};
    const content = isObject(r['content']) ? r['content'] : {};
    const types = Object.entries(content)
      .map(([type, media]) => `<code>${escapeHtml(type)}</code> ${typeLabel(isObject(media) ? media['schema'] : undefined)}`)
      .join('<br>');
    const statusCell = `<td class="s${escapeHtml(status[0] ?? '')}">${escapeHtml(status)}</td>`;
    return `<tr>${statusCell}<td>${prose(r['description'] ?? '')}</td><td>${types}</td></tr>`;
  });
  return `<section class="op" id="${escapeHtml(id)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(operation['summary'] ?? '')}</strong></p>
${operation['description'] ? `<p>${prose(operation['description'])}</p>` : ''}
${paramRows.length ? `<h4>Parameters</h4>${table(['Name', 'Type', 'Description'], paramRows)}` : ''}
${bodyHtml}
<h4>Responses</h4>${table(['Status', 'Meaning', 'Body'], responseRows)}
</section>`;
}

export function renderDocsPage(document: OpenApiDocument): string {
  const doc = JSON.parse(JSON.stringify(document)) as JsonObject;
  const info = isObject(doc['info']) ? doc['info'] : {};
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  const components = isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {};
  const operations: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      operations.push(operationHtml(path, method, operation, components));
      const label = `<span class="m ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}`;
      toc.push(`<li><a href="#${escapeHtml(operationAnchor(path, method))}">${label}</a></li>`);
    }
  }
  const schemas = Object.entries(components).map(([name, schema]) => {
    const description = isObject(schema) && schema['description'] ? `<p>${prose(schema['description'])}</p>` : '';
    return `<section class="schema" id="${anchor(name)}"><h3>${escapeHtml(name)}</h3>${description}${schemaBlock(schema)}</section>`;
  });
  const title = escapeHtml(info['title'] ?? 'API');
  const versions = `${escapeHtml(info['version'] ?? '')} · OpenAPI ${escapeHtml(doc['openapi'] ?? '')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin-top:0}h3{margin-bottom:4px}
code{font:13px ui-monospace,Menlo,Consolas,monospace;background:#eef1f5;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;background:#fff}
th,td{border:1px solid #d9dee5;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}.op,.schema{border:1px solid #d9dee5;border-radius:6px;padding:8px 16px;margin:16px 0;background:#fff}
.m{display:inline-block;min-width:44px;text-align:center;border-radius:3px;color:#fff;font-size:12px;font-weight:600;padding:1px 4px}
.get{background:#2f7d32}.post{background:#1565c0}.put,.patch{background:#8d6e00}.delete{background:#b71c1c}
.req{color:#b71c1c;font-size:12px}.c{color:#5b6472;font-size:12px}.s2{color:#2f7d32}.s4{color:#b26a00}.s5{color:#b71c1c}
ul.toc{columns:2;list-style:none;padding:0}ul.toc a{text-decoration:none}
</style></head><body><main>
<h1>${title} <span class="c">${versions}</span></h1>
<p>${prose(info['description'] ?? '')}</p>
<p>Machine-readable document: <a href="openapi.json">openapi.json</a></p>
<h2>Endpoints</h2><ul class="toc">${toc.join('')}</ul>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas.join('\n')}
</main></body></html>`;
}
