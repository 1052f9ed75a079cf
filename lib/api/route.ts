// The one wrapper every app/api route goes through: session (401 problem body, never a redirect), role
// (read-only admins get 403 on every write), body validation with the input's zod schema, error mapping.
import type { z } from "zod";
import { getAdminSession, type AdminSession } from "../auth/session";
import { AppError } from "../errors";
import { hasRole, type Role } from "../validation/admin";
import { errorToResponse, problemResponse } from "./problem";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type HandlerArgs<B> = {
  request: Request;
  admin: AdminSession;
  body: B;
  params: Record<string, string>;
};

const READ_METHODS = new Set(["GET", "HEAD"]);

export function withRoute<S extends z.ZodType | undefined = undefined>(
  options: {
    role?: Role;
    body?: S;
    /** A POST that only computes an answer (a simulation): read-only admins may call it like a GET. */
    changesNothing?: boolean;
  },
  handler: (args: HandlerArgs<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<unknown>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const admin = await getAdminSession();
      if (!admin) return problemResponse({ title: "Sign in to use the API", status: 401, code: "UNAUTHENTICATED" });
      const isRead = READ_METHODS.has(request.method) || options.changesNothing === true;
      const required: Role = options.role ?? (isRead ? "read-only" : "policy-admin");
      if (!isRead && admin.role === "read-only") {
        throw new AppError("FORBIDDEN", "Not allowed: your role (Read Only) cannot make changes");
      }
      if (!hasRole(admin.role, required)) {
        throw new AppError("FORBIDDEN", `Not allowed: this action needs the ${required} role`);
      }
      let body: unknown = undefined;
      if (options.body) {
        let json: unknown;
        try {
          json = await request.json();
        } catch {
          throw new AppError("BAD_REQUEST", "The request body must be JSON");
        }
        body = options.body.parse(json);
      }
      const raw = await context.params;
      const params = Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await handler({ request, admin, body: body as never, params });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorToResponse(error);
    }
  };
}
