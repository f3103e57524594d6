/** The PostgreSQL variant of prisma/schema.prisma's text (see db-generate.mjs). */
export function toPostgresSchema(text: string): string;
