/** Imports every domain, which registers its types on the builder, and builds the schema. */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import './associations.ts';
import './automation.ts';
import './commands.ts';
import './maintenance-windows.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
export type { SchemaContext } from './context.ts';
