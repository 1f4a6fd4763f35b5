import type { FastifySerializerCompiler } from 'fastify';

/**
 * Response schemas document answers; they do not shape them. Serializing through zod would drop
 * every key a schema does not list (a field added to an answer would silently vanish from the
 * wire), so answers are plain JSON.stringify, as without schemas; a test checks that real answers
 * match the documented schemas instead.
 */
export const jsonSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);
