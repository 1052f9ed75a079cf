// Authorization profiles: rows ↔ the validated profile shape.
import { authorizationProfileSchema, type AuthorizationProfileInput } from "../validation/authorization-profile";
import type { Db } from "./client";

export type AuthorizationProfileView = AuthorizationProfileInput & { id: string; isBuiltIn: boolean };

type ProfileRow = Awaited<ReturnType<Db["authorizationProfile"]["findFirstOrThrow"]>>;

export function profileView(row: ProfileRow): AuthorizationProfileView {
  const parsed = authorizationProfileSchema.parse({
    name: row.name,
    description: row.description ?? undefined,
    accessType: row.accessType,
    vlan: row.vlan ?? undefined,
    dacl: row.dacl ?? undefined,
    filterId: row.filterId ?? undefined,
    redirectType: row.redirectType ?? undefined,
    redirectAcl: row.redirectAcl ?? undefined,
    redirectMdmServerId: row.redirectMdmServerId ?? undefined,
    sessionTimeout: row.sessionTimeout ?? undefined,
    advancedAttributes: row.advancedAttributes ? (JSON.parse(row.advancedAttributes) as unknown) : [],
  });
  return { ...parsed, id: row.id, isBuiltIn: row.isBuiltIn };
}

export async function listAuthorizationProfiles(db: Db): Promise<AuthorizationProfileView[]> {
  const rows = await db.authorizationProfile.findMany({ orderBy: { name: "asc" } });
  return rows.map(profileView);
}
