// The digest a page's error carries when the database could not answer (lib/db/client.ts tags
// Prisma's errors with it): Next keeps an error's own digest and hands it to app/error.tsx, which
// then says the database is down instead of "Something went wrong". Shared by the server and the
// error page (a client component), so it imports nothing.
export const DATABASE_UNAVAILABLE_DIGEST = "MQ_DATABASE_UNAVAILABLE";
