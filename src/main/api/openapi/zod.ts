import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi(...)` on zod schemas (parameter metadata, examples). Every API schema module imports
// `z` from here, so the extension is installed before any schema is built.
extendZodWithOpenApi(z);

export { z };
