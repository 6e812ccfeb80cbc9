// npm run db:migrate | db:seed — against DATABASE_URL, or the embedded store in DATA_DIR.
import path from "node:path";
import { openDatabase } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrate.ts";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") {
  console.error("Usage: node scripts/db.ts migrate|seed");
  process.exit(2);
}

const handle = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: path.resolve(process.env.DATA_DIR || ".data"),
});
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  if (command === "seed") {
    const { seedDemoData } = await import("../db/seed/index.ts");
    await seedDemoData(handle.db);
    console.log("Demo data loaded (existing rows were kept).");
  }
} finally {
  await handle.close();
}
