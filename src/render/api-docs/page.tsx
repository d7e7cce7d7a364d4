// GET /api/docs: the OpenAPI document as one server-rendered page: no script, no external request,
// under the pages' strict CSP. Everything on it is read from the document itself.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { componentAnchor, Fields, JsonBlock, TypeOf, type JsonSchema } from './schema.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const isReference = (schema: unknown) => Object.keys(obj(schema)).join() === '$ref' || Array.isArray(obj(schema).allOf);

/** Text with `code` spans, as the document's descriptions write them. */
function Prose(props: { text: unknown }): Child {
  if (typeof props.text !== 'string') return null;
  return <>{props.text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

export const operationAnchor = (method: string, path: string) => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

interface Entry {
  method: string;
  path: string;
  op: Json;
}

function Content(props: { content: unknown }): Child {
  return (
    <>
      {Object.entries(obj(props.content)).map(([type, media]) => (
        <div class="media">
          <p class="type"><code>{type}</code></p>
          {type.endsWith('json') ? (isReference(obj(media).schema) ? <p class="type">Type: <TypeOf schema={obj(media).schema} /></p> : <Fields schema={obj(media).schema} />) : null}
          <JsonBlock label="Example" value={obj(media).example} />
          {/* A reference (an error answer narrows the Error component's code) is shown in full under Schemas, once. */}
          {type.endsWith('json') && !isReference(obj(media).schema) ? <JsonBlock label="JSON Schema" value={obj(media).schema} /> : null}
        </div>
      ))}
    </>
  );
}

function Security(props: { security: unknown }): Child {
  const alternatives = Array.isArray(props.security) ? props.security.map((s) => Object.keys(obj(s)).join(' + ')) : [];
  if (alternatives.length === 0) return <p class="auth">Public.</p>;
  return <p class="auth">Moderators only: {alternatives.join(', or ')}.</p>;
}

function OperationView(props: Entry): Child {
  const { method, path, op } = props;
  const params = Array.isArray(op.parameters) ? op.parameters.map(obj) : [];
  const body = obj(op.requestBody);
  return (
    <section class="operation" id={operationAnchor(method, path)}>
      <h3><span class={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code></h3>
      <p><Prose text={op.summary} /></p>
      {typeof op.description === 'string' ? <p><Prose text={op.description} /></p> : null}
      <Security security={op.security} />
      {params.length > 0 ? (
        <>
          <h4>Parameters</h4>
          <table>
            <thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>about</th></tr></thead>
            <tbody>
              {params.map((p) => (
                <tr>
                  <td><code>{String(p.name)}</code></td>
                  <td>{String(p.in)}</td>
                  <td><TypeOf schema={p.schema} /></td>
                  <td>{p.required === true ? 'yes' : ''}</td>
                  <td>{typeof p.description === 'string' ? p.description : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {op.requestBody ? (<><h4>Request body</h4><Content content={body.content} /></>) : null}
      <h4>Responses</h4>
      {Object.entries(obj(op.responses)).map(([status, response]) => (
        <div class="response">
          <p><strong class={`status status-${status.slice(0, 1)}xx`}>{status}</strong> <Prose text={obj(response).description} /></p>
          <Content content={obj(response).content} />
        </div>
      ))}
    </section>
  );
}

export function ApiDocsPage(props: { document: Json }): Child {
  const doc = props.document;
  const info = obj(doc.info);
  const entries: Entry[] = Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
    METHODS.filter((m) => obj(item)[m]).map((method) => ({ method, path, op: obj(obj(item)[method]) })),
  );
  const tags = Array.isArray(doc.tags) ? doc.tags.map((t) => String(obj(t).name)) : [];
  const byTag = (tag: string) => entries.filter((e) => Array.isArray(e.op.tags) && e.op.tags[0] === tag);
  const schemas = Object.entries(obj(obj(doc.components).schemas));
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${String(info.title)} API reference`}</title>
          <link rel="stylesheet" href="/api/docs.css" />
        </head>
        <body>
          <nav aria-label="Contents">
            <p><a href="/api/openapi.json">openapi.json</a> (OpenAPI {String(doc.openapi)})</p>
            {tags.map((tag) => (
              <>
                <h2 class="nav-tag"><a href={`#tag-${tag.replace(/\W+/g, '-')}`}>{tag}</a></h2>
                <ul>
                  {byTag(tag).map((e) => (
                    <li><a href={`#${operationAnchor(e.method, e.path)}`}><span class={`method method-${e.method}`}>{e.method.toUpperCase()}</span> {e.path}</a></li>
                  ))}
                </ul>
              </>
            ))}
            <h2 class="nav-tag"><a href="#schemas">Schemas</a></h2>
          </nav>
          <main>
            <h1>{`${String(info.title)} API reference`}</h1>
            <p><Prose text={info.description} /></p>
            <p>Version {String(info.version)}. The same description as JSON: <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
            {tags.map((tag) => (
              <section id={`tag-${tag.replace(/\W+/g, '-')}`}>
                <h2>{tag}</h2>
                {byTag(tag).map((e) => <OperationView {...e} />)}
              </section>
            ))}
            <section id="schemas">
              <h2>Schemas</h2>
              {schemas.map(([id, schema]) => (
                <section class="schema" id={componentAnchor(id)}>
                  <h3>{id}</h3>
                  {typeof obj(schema).description === 'string' ? <p><Prose text={obj(schema).description} /></p> : null}
                  <Fields schema={schema as JsonSchema} />
                  <JsonBlock label="JSON Schema" value={schema} />
                </section>
              ))}
            </section>
          </main>
        </body>
      </html>
    </>
  );
}
