/**
 * Routes of the REST server: a verb, a path pattern with `:param` segments, and a handler that returns the JSON
 * body of a 200 reply or throws a RestError. Module query routes (modules/<m>/rest.ts `RestRoute`: an ABCI path,
 * a request builder and a JSON renderer) are adapted with `fromQueryRoute`, so mounting a module's list is one line.
 */
import type { RestRoute } from '../../chain/app/rest-route.js';
import type { RestContext } from './context.js';
import { badRequest, RestError } from './errors.js';

export type Verb = 'GET' | 'POST';

export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** POST only: the parsed JSON body (always an object). */
  body: Record<string, unknown>;
  /** The request's headers (lower-case names), for the few routes that describe the server as the client sees it. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Route {
  method: Verb;
  /** e.g. "/cosmos/bank/v1beta1/balances/:address/by_denom". */
  path: string;
  handle(req: RestRequest, ctx: RestContext): Promise<unknown>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { allowed: Verb[] } | undefined;

interface Compiled {
  route: Route;
  segments: string[];
  literals: number;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const segments = splitPath(route.path);
      if (this.routes.some((r) => r.route.method === route.method && r.route.path === route.path))
        throw new Error(`REST route ${route.method} ${route.path} added twice`);
      this.routes.push({ route, segments, literals: segments.filter((s) => !s.startsWith(':')).length });
    }
    return this;
  }

  /** The best route for a path: literal segments beat parameters ("blocks/latest" before "blocks/:height"). */
  match(method: string, pathname: string): RouteMatch {
    const parts = splitPath(pathname);
    let best: { c: Compiled; params: Record<string, string> } | undefined;
    const allowed = new Set<Verb>();
    for (const c of this.routes) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = c.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = decodeSegment(parts[i]!);
        else ok = seg === parts[i];
      }
      if (!ok) continue;
      allowed.add(c.route.method);
      if (c.route.method !== method) continue;
      if (!best || c.literals > best.c.literals) best = { c, params };
    }
    if (best) return { route: best.c.route, params: best.params };
    return allowed.size > 0 ? { allowed: [...allowed] } : undefined;
  }

  list(): Array<{ method: Verb; path: string }> {
    return this.routes.map((r) => ({ method: r.route.method, path: r.route.path }));
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest(`invalid percent-encoding in path segment ${JSON.stringify(s.slice(0, 100))}`);
  }
}

/** A module's ABCI-backed query route as a server route. */
function fromQueryRoute(r: RestRoute): Route {
  return {
    method: r.method,
    path: r.path,
    async handle(req, ctx) {
      let data: Uint8Array;
      try {
        data = r.toRequest(req.params, req.query);
      } catch (e) {
        if (e instanceof RestError) throw e;
        throw badRequest((e as Error).message);
      }
      return ctx.json.render(r.toJson(await ctx.query(r.abciPath, data)));
    },
  };
}

export const fromQueryRoutes = (routes: readonly RestRoute[]): Route[] => routes.map(fromQueryRoute);
