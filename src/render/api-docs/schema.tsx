// JSON Schema (as z.toJSONSchema writes it) → short HTML: a type line, and a table of an object's fields.
import type { Child } from 'hono/jsx';

export type JsonSchema = Record<string, unknown>;

const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);
const COMPONENT = '#/components/schemas/';

export const componentAnchor = (id: string) => `schema-${id}`;

/** Constraints worth a reader's eye, as short words. */
function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  const pairs: Array<[string, string]> = [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', '≥'],
    ['exclusiveMinimum', '>'],
    ['maximum', '≤'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['format', 'format'],
    ['pattern', 'pattern'],
  ];
  for (const [key, label] of pairs) {
    const value = schema[key];
    // Number.MAX_SAFE_INTEGER says "no limit" here.
    if (value !== undefined && value !== Number.MAX_SAFE_INTEGER) out.push(`${label} ${String(value)}`);
  }
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The type of a schema in a few words, with links to the components it names. */
export function TypeOf(props: { schema: unknown }): Child {
  const { schema } = props;
  if (!isSchema(schema)) return <code>any</code>;
  if (typeof schema.$ref === 'string') {
    const id = schema.$ref.startsWith(COMPONENT) ? schema.$ref.slice(COMPONENT.length) : schema.$ref;
    return <a href={`#${componentAnchor(id)}`}>{id}</a>;
  }
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.allOf) ? schema.allOf : null;
  if (variants) {
    const joiner = Array.isArray(schema.allOf) ? ' & ' : ' | ';
    return <>{variants.map((v, i) => <>{i > 0 ? joiner : ''}<TypeOf schema={v} /></>)}</>;
  }
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (Array.isArray(schema.enum)) return <code>{schema.enum.map((v) => JSON.stringify(v)).join(' | ')}</code>;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : 'any';
  const extra = constraints(schema);
  let inner: Child = null;
  if (type === 'array' && isSchema(schema.items)) inner = <> of <TypeOf schema={schema.items} /></>;
  if (type === 'object' && isSchema(schema.additionalProperties)) inner = <> of <TypeOf schema={schema.additionalProperties} /></>;
  return (
    <>
      <code>{type}</code>
      {inner}
      {extra.length > 0 ? <span class="constraints"> ({extra.join(', ')})</span> : null}
    </>
  );
}

/** An object's fields as a table (one level; nested objects and components are linked or shown by type). */
export function Fields(props: { schema: unknown }): Child {
  const { schema } = props;
  if (!isSchema(schema) || !isSchema(schema.properties)) return <p class="type">Type: <TypeOf schema={schema} /></p>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return (
    <table>
      <thead>
        <tr><th>field</th><th>type</th><th>required</th><th>about</th></tr>
      </thead>
      <tbody>
        {Object.entries(schema.properties).map(([name, property]) => (
          <tr>
            <td><code>{name}</code></td>
            <td><TypeOf schema={property} /></td>
            <td>{required.has(name) ? 'yes' : ''}</td>
            <td>{isSchema(property) && typeof property.description === 'string' ? property.description : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The example, or the full schema, as JSON that the reader may unfold. */
export function JsonBlock(props: { label: string; value: unknown }): Child {
  if (props.value === undefined) return null;
  return (
    <details>
      <summary>{props.label}</summary>
      <pre>{JSON.stringify(props.value, null, 2)}</pre>
    </details>
  );
}
