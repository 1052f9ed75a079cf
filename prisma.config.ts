// Prisma CLI configuration. Always invoked through scripts/db.mjs, which sets GATEHOUSE_DB_PROVIDER and
// the offline engine variables. Prisma 6.19 with engine "js" migrates through its bundled WASM schema
// engine, so nothing is downloaded.
import path from "node:path";
import { defineConfig } from "prisma/config";

const provider = process.env.GATEHOUSE_DB_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
const databaseUrl = process.env.GATEHOUSE_DB_URL ?? "file::memory:";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: path.join("prisma", "migrations", provider) },
  async adapter() {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const pg = await import("pg");
      // A short idle timeout lets the CLI exit as soon as it is done instead of idling for 10 s.
      const pool = new pg.default.Pool({ connectionString: databaseUrl, idleTimeoutMillis: 200 });
      // Upstream bug prisma/prisma#27403: adapter-pg cannot deserialise columns of type `name` (OID 19)
      // that migrate deploy reads from the catalogue. Report them as text (OID 25). The adapter calls
      // query() promise-style on the pool and on clients it checks out for transactions.
      type Query = (...args: unknown[]) => unknown;
      const asText = (result: unknown) => {
        for (const field of (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? [])
          if (field.dataTypeID === 19) field.dataTypeID = 25;
        return result;
      };
      const patch = (target: { query: unknown }) => {
        const query = (target.query as Query).bind(target);
        target.query = (...args: unknown[]) => {
          if (typeof args[args.length - 1] === "function") return query(...args);
          return (query(...args) as Promise<unknown>).then(asText);
        };
      };
      patch(pool as unknown as { query: unknown });
      pool.on("connect", (client) => patch(client as unknown as { query: unknown }));
      return new PrismaPg(pool);
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: databaseUrl });
  },
});
