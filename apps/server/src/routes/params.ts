import { z } from 'zod';
import { MAX_USER_ID_LENGTH } from '@veil/protocol';

// Path parameters shared by the route groups. Bounded so a megabyte-long id is refused at the
// edge with a message naming it, not looked up.

export const sessionParams = z.object({ id: z.string().min(1).max(256).describe('session id') });
export const projectParams = z.object({ id: z.string().min(1).max(64).describe('project id (prj_…)') });
export const tokenParams = z.object({ id: z.string().min(1).max(64).describe('token id (tok_…)') });
export const userParams = z.object({
  userId: z.string().min(1).max(MAX_USER_ID_LENGTH).describe("the end user's id, as passed to Veil.identify()"),
});
