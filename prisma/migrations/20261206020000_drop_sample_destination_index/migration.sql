-- No query reads samples by destination (the pages show it; filters go by room, whose JID the
-- build keeps). The index only cost every sample insert a B-tree entry, and on PostgreSQL it
-- refused a stanza whose `to` was longer than 2,704 bytes of text that does not compress: the
-- upload of such a log failed (500) there while SQLite stored it.
-- DropIndex
DROP INDEX "Sample_destination_idx";
