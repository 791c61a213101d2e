/**
 * The OpenAPI 3.1 description of the API, generated from the zod schemas
 * (src/api/schemas.ts, src/io/item-schema.ts) with zod's `z.toJSONSchema`
 * (JSON Schema 2020-12, OpenAPI 3.1's dialect). Served at /openapi.json; the docs page is /docs.
 */
import { z } from "zod";
import { itemSchema } from "../io/item-schema.js";
import { MAX_BATCH } from "./review-request.js";

type Json = Record<string, unknown>;

/** What a route says about itself for the description. */
export interface RouteDoc {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path (e.g. /v1/review); each `{name}` in it is declared as a string path parameter. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Needs the API token (or, with `admin`, the admin token; with `reviewer`, a review desk user's token). */
  auth?: boolean | "admin" | "reviewer";
  /** JSON request body. */
  body?: z.ZodType | Json;
  /** Status -> JSON schema (zod or JSON Schema), or a media type with a text body. */
  responses: Record<number, { description: string; schema?: z.ZodType | Json; mediaType?: string }>;
}

const isZod = (s: unknown): s is z.ZodType => typeof s === "object" && s !== null && "_zod" in s;

export class OpenApiBuilder {
  private readonly components: Record<string, Json> = {};

  /** A zod schema as JSON Schema; schemas with `meta({id})` become components. */
  schema(s: z.ZodType | Json, io: "input" | "output" = "output"): Json {
    if (!isZod(s)) return s;
    const j = relink(z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" })) as Json;
    delete j.$schema;
    const defs = (j.$defs ?? {}) as Record<string, Json>;
    delete j.$defs;
    for (const [k, v] of Object.entries(defs)) this.components[k] ??= v;
    const id = j.id;
    if (typeof id === "string") {
      delete j.id;
      this.components[id] ??= j;
      return { $ref: `#/components/schemas/${id}` };
    }
    return j;
  }

  build(routes: RouteDoc[], info: { version: string; description?: string }): Json {
    const paths: Record<string, Json> = {};
    for (const r of routes) {
      const op: Json = { summary: r.summary, operationId: operationId(r), tags: r.tags ?? [] };
      if (r.description) op.description = r.description;
      const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      if (params.length) op.parameters = params.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
      if (r.auth === true) op.security = [{ bearer: [] }];
      if (r.auth === "admin") op.security = [{ admin: [] }, { adminCookie: [] }];
      if (r.auth === "reviewer") op.security = [{ reviewer: [] }];
      if (r.body) op.requestBody = { required: true, content: { "application/json": { schema: this.schema(r.body, "input") } } };
      const responses: Json = {};
      for (const [status, res] of Object.entries(r.responses)) {
        const out: Json = { description: res.description };
        if (res.schema || res.mediaType) {
          out.content = { [res.mediaType ?? "application/json"]: res.schema ? { schema: this.schema(res.schema) } : {} };
        }
        responses[status] = out;
      }
      op.responses = responses;
      (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
    }
    return {
      openapi: "3.1.0",
      info: { title: "hegui review API (合规审核)", version: info.version, description: info.description ?? "" },
      jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
      paths,
      components: {
        schemas: this.components,
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "HEGUI_API_TOKEN, when set" },
          admin: { type: "http", scheme: "bearer", description: "HEGUI_ADMIN_TOKEN" },
          adminCookie: { type: "apiKey", in: "cookie", name: "hegui_admin", description: "Set by /admin/queues?token=…" },
          reviewer: { type: "http", scheme: "bearer", description: "A review desk user's token (hegui review user add NAME --role reviewer|lead|admin)" },
        },
      },
    };
  }
}

/** References into the schema's own `$defs` become references to the document's components. */
function relink(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(relink);
  if (v === null || typeof v !== "object") return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = k === "$ref" && typeof x === "string" && x.startsWith("#/$defs/") ? `#/components/schemas/${x.slice(8)}` : relink(x);
  }
  return out;
}

/** A fastify route path as an OpenAPI path: `:name` → `{name}`, a trailing `*` → `{path}` (the rest of the path). */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, "{$1}").replace(/\*$/, "{path}");
}

function operationId(r: RouteDoc): string {
  const words = r.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return r.method.toLowerCase() + (words.map((w) => w[0].toUpperCase() + w.slice(1)).join("") || "Root");
}

/** The request body of POST /v1/review: an item (SPEC "Data shapes") whose id and channel may be left out, and `fix`. */
export function reviewRequestJson(b: OpenApiBuilder): Json {
  const item = b.schema(itemSchema, "input");
  const required = ((item.required as string[] | undefined) ?? []).filter((k) => k !== "id" && k !== "channel");
  const props = { ...(item.properties as Json) };
  props.fix = { type: "boolean", description: "Also return the text with every fix applied (`fixed`)" };
  (props.id as Json).description = "Default: review-N";
  (props.channel as Json).description = "Default: script";
  return { ...item, properties: props, required, description: "An item, or the short form {text, channel?, listing?}" };
}

/** The request body of POST /v1/review/batch. */
export function batchRequestJson(b: OpenApiBuilder): Json {
  const one = reviewRequestJson(b);
  const items = { type: "array", minItems: 1, maxItems: MAX_BATCH, items: one };
  return {
    oneOf: [
      { type: "object", properties: { items, fix: { type: "boolean" } }, required: ["items"] },
      items,
    ],
  };
}
