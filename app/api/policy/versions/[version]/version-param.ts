import { AppError } from "@/lib/errors";

/** The `[version]` segment as a positive integer, or a 404 naming what was asked for. */
export function versionParam(raw: string | undefined): number {
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw new AppError("NOT_FOUND", `Policy version "${raw ?? ""}" does not exist`);
  return version;
}
