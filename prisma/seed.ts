// npm run db:seed — add the example models and group to an empty database.
import { createDb } from "@/lib/server/db";
import { seedIfEmpty } from "@/lib/models/server/seed";

const db = createDb();
seedIfEmpty(db)
  .then(({ seeded }) => console.info(seeded ? "Seeded example models and a routing group." : "Database not empty; nothing seeded."))
  .finally(() => db.$disconnect());
