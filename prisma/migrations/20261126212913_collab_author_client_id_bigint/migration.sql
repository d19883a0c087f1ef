-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CollabAuthor" (
    "room" TEXT NOT NULL,
    "clientId" BIGINT NOT NULL,
    "userId" TEXT,
    "sector" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("room", "clientId"),
    CONSTRAINT "CollabAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CollabAuthor" ("clientId", "createdAt", "room", "sector", "userId") SELECT "clientId", "createdAt", "room", "sector", "userId" FROM "CollabAuthor";
DROP TABLE "CollabAuthor";
ALTER TABLE "new_CollabAuthor" RENAME TO "CollabAuthor";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

