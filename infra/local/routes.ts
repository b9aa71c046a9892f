import type { HandlerRef, HttpMethod, RouteSpec } from '../../shared/runtime/manifest.ts';

/** A manifest route ready for matching. */
export interface CompiledRoute {
  functionName: string;
  method: HttpMethod;
  path: string;
  handler: HandlerRef;
  regex: RegExp;
  paramNames: string[];
  /** Fewer parameters first: API Gateway prefers the most specific route. */
  specificity: number;
}

/**
 * Compiles `/v1/stations/{code}` into a matcher. A last segment `{name+}` is greedy, as in API
 * Gateway: it takes the rest of the path, slashes included, and also matches the path with only its
 * trailing slash (`/console/{path+}` serves `/console/`).
 */
export function compileRoute(functionName: string, route: RouteSpec): CompiledRoute {
  const paramNames: string[] = [];
  const pattern = route.path
    .split('/')
    .map((segment, index, segments) => {
      const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(segment);
      if (greedy && index === segments.length - 1) {
        paramNames.push(greedy[1]!);
        return '(.*)';
      }
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return {
    functionName,
    method: route.method,
    path: route.path,
    handler: route.handler,
    regex: new RegExp(`^${pattern}$`),
    paramNames,
    specificity: paramNames.length,
  };
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

/** Finds the route for a request, or says whether the path exists under another method. */
export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch {
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    let decodable = true;
    route.paramNames.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(match[i + 1]!);
      } catch {
        decodable = false;
      }
    });
    if (!decodable) return { kind: 'none' };
    return { kind: 'found', route, params };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed: [...new Set(allowed)] } : { kind: 'none' };
}

/** Orders routes so that the most specific is tried first. */
export function sortRoutes(routes: CompiledRoute[]): CompiledRoute[] {
  return routes.sort((a, b) => a.specificity - b.specificity || b.path.length - a.path.length);
}
